import XLAIR

// Collectives over a named `vmap` axis (`jax.lax.psum` and friends): inside
// `vmap(f, axisName: "batch")`, `psum(x, axisName: "batch")` combines the
// `x` of every example of the batch. Each is recorded as an IR collective
// that the batching pass of its `vmap` turns into a reduction over the batch
// dimension (see `Sources/XLAIR/Ops/Collective/`). Naming an axis no
// enclosing `vmap` binds is a typed error.

/// The sum of `x` over every example of the `vmap` axis `axisName`
/// (`jax.lax.psum`); each example sees the same sum.
///
/// ```swift
/// let total = vmap({ (x: Tensor) in psum(x, axisName: "batch") }, axisName: "batch")(xs)
/// ```
///
/// With `axisIndexGroups` (JAX's `axis_index_groups`), the indices along
/// the axis split into groups of equal size that cover each index exactly
/// once, every example sees the sum over its own group:
///
/// ```swift
/// // [x0 + x1, x0 + x1, x2 + x3, x2 + x3]
/// vmap({ (x: Tensor) in psum(x, axisName: "i", axisIndexGroups: [[0, 1], [2, 3]]) }, axisName: "i")(xs)
/// ```
///
/// Groups that do not split the axis so are a typed error (JAX's message).
/// Its gradient is `psum` of the cotangent (over the same groups), as in JAX.
public func psum(_ x: Tensor, axisName: String, axisIndexGroups: [[Int]]? = nil,
                 file: String = #fileID, line: Int = #line) -> Tensor {
    allReduce("psum", "sum", x, axisName, axisIndexGroups, location(file, line))
}

/// The mean of `x` over every example of the `vmap` axis `axisName`
/// (`jax.lax.pmean`), as cross-replica batch norm uses it; with
/// `axisIndexGroups`, the mean over each example's group (see
/// ``psum(_:axisName:axisIndexGroups:file:line:)``). Its gradient is
/// `pmean` of the cotangent.
public func pmean(_ x: Tensor, axisName: String, axisIndexGroups: [[Int]]? = nil,
                  file: String = #fileID, line: Int = #line) -> Tensor {
    allReduce("pmean", "mean", x, axisName, axisIndexGroups, location(file, line))
}

/// The elementwise maximum of `x` over every example of the `vmap` axis
/// `axisName` (`jax.lax.pmax`). Not differentiable, as in JAX.
public func pmax(_ x: Tensor, axisName: String, file: String = #fileID, line: Int = #line) -> Tensor {
    allReduce("pmax", "max", x, axisName, nil, location(file, line))
}

/// The elementwise minimum of `x` over every example of the `vmap` axis
/// `axisName` (`jax.lax.pmin`). Not differentiable, as in JAX.
public func pmin(_ x: Tensor, axisName: String, file: String = #fileID, line: Int = #line) -> Tensor {
    allReduce("pmin", "min", x, axisName, nil, location(file, line))
}

/// Every example's `x` stacked along a new dimension `axis` (`jax.lax.all_gather`
/// with `tiled=False`): each example of the `vmap` axis `axisName` sees the
/// whole gathered array, of shape `x.shape` with the axis size inserted at
/// `axis`.
///
/// ```swift
/// let all = vmap({ (x: Tensor) in allGather(x, axisName: "i") }, axisName: "i")(xs)   // every row is xs
/// ```
///
/// Its gradient is ``psumScatter(_:axisName:axis:file:line:)`` of the cotangent.
public func allGather(_ x: Tensor, axisName: String, axis: Int = 0, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let (_, size, index) = AxisEnvironment.axis(axisName) else {
        return unbound("allGather", x, axisName, place, result: x.type)
    }
    var shape = x.shape
    guard let axis = Tensor.normalize(axis: axis, rank: x.rank + 1) else {
        return Tensor.invalid("allGather", [x], "axis \(axis) is out of range", location: place, result: x.type)
    }
    shape.insert(size, at: axis)
    return Tensor.apply(.allGather, [x, index], attributes: [
        "axis_name": .string(axisName), "axis": .int(axis), "axis_size": .int(size),
    ], location: place, fallback: TensorType(x.dtype, shape))
}

/// The sum of `x` over the examples of the `vmap` axis `axisName`, of which
/// each example keeps its own slice along `axis` (`jax.lax.psum_scatter`
/// with `tiled=False`): `x.shape[axis]` must be the axis size, and the
/// result drops that dimension. The transpose of ``allGather(_:axisName:axis:file:line:)``.
public func psumScatter(_ x: Tensor, axisName: String, axis: Int = 0, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    var shape = x.shape
    guard let axis = Tensor.normalize(axis: axis, rank: x.rank) else {
        return Tensor.invalid("psumScatter", [x], "axis \(axis) is out of range", location: place, result: x.type)
    }
    shape.remove(at: axis)
    guard let (_, size, index) = AxisEnvironment.axis(axisName) else {
        return unbound("psumScatter", x, axisName, place, result: TensorType(x.dtype, shape))
    }
    guard x.shape[axis] == size else {
        return Tensor.invalid("psumScatter", [x], "dimension \(axis) has size \(x.shape[axis]), not the size \(size) of axis '\(axisName)'",
                              location: place, result: TensorType(x.dtype, shape))
    }
    return Tensor.apply(.reduceScatter, [x, index], attributes: ["axis_name": .string(axisName), "axis": .int(axis)],
                        location: place, fallback: TensorType(x.dtype, shape))
}

/// `all_reduce` of `kind` over `axisName` (within `groups` when given), or
/// the unbound-axis or bad-groups error.
private func allReduce(_ function: String, _ kind: String, _ x: Tensor, _ axisName: String, _ groups: [[Int]]?,
                       _ place: String?) -> Tensor {
    guard let (_, size, index) = AxisEnvironment.axis(axisName) else { return unbound(function, x, axisName, place, result: x.type) }
    var attributes: Attributes = ["axis_name": .string(axisName), "kind": .string(kind)]
    if let groups = groups.map(IndexGroups.init) {
        if let problem = groups.problem(axisSize: size) {
            return Tensor.invalid(function, [x], problem, location: place, result: x.type)
        }
        for (name, value) in groups.attributes { attributes[name] = value }
    }
    return Tensor.apply(.allReduce, [x, index], attributes: attributes, location: place, fallback: x.type).weak(x.isWeak)
}

/// The index of the current example along the `vmap` axis `axisName`
/// (`jax.lax.axis_index`): an int32 scalar, 0 to the axis size - 1.
///
/// ```swift
/// let positions = vmap({ (_: Tensor) in axisIndex(axisName: "i") }, axisName: "i")(xs)   // [0, 1, 2]
/// ```
public func axisIndex(axisName: String, file: String = #fileID, line: Int = #line) -> Tensor {
    guard let (_, _, index) = AxisEnvironment.axis(axisName) else {
        return unbound("axisIndex", Tensor(Int32(0)), axisName, location(file, line), result: TensorType(.int32, []))
    }
    return index
}

/// The poisoned result of a collective over an axis no enclosing `vmap` binds.
private func unbound(_ function: String, _ x: Tensor, _ axisName: String, _ place: String?, result: TensorType) -> Tensor {
    if let error = x.error { return .poisoned(error, type: result) }
    let error = TensorError.invalidOperation(.notLowerable(op: function, reason: unboundReason(axisName), location: place))
    Trace.current?.fail(error)
    return .poisoned(error, type: result)
}

/// Why `pmean`/`psum` over the `vmap` axis `axisName`, within
/// `axisIndexGroups` when given, would fail here (no enclosing `vmap`
/// binds the axis, or the groups do not cover each of its indices once
/// with equal sizes), or nil when they can run: for a module that checks its
/// configuration first, to report the mistake under its own name.
public func collectiveProblem(axisName: String, axisIndexGroups: [[Int]]? = nil) -> String? {
    guard let (_, size, _) = AxisEnvironment.axis(axisName) else { return unboundReason(axisName) }
    return axisIndexGroups.flatMap { IndexGroups($0).problem(axisSize: size) }
}

/// The reason a collective cannot use `axisName`, which no enclosing `vmap` binds.
private func unboundReason(_ axisName: String) -> String {
    let bound = AxisEnvironment.axes.map { "'\($0.name)'" }
    return "the axis name '\(axisName)' is not bound by any enclosing vmap (bound: "
        + "\(bound.isEmpty ? "none" : bound.joined(separator: ", "))); pass axisName: \"\(axisName)\" to vmap"
}
