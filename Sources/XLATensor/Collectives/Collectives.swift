import XLAIR

// Collectives over a named axis (`jax.lax.psum` and friends): inside
// `vmap(f, axisName: "batch")`, `psum(x, axisName: "batch")` combines the
// `x` of every example of the batch; inside `shardMap` over a mesh with an
// axis "data", `psum(x, axisName: "data")` combines the `x` of every device
// along "data". Each is recorded as an IR collective that the batching pass
// of its `vmap` turns into a reduction over the batch dimension, or that
// lowers to the StableHLO collective over the mesh axis's devices (see
// `Sources/XLAIR/Ops/Collective/`). Naming an axis neither binds is a
// typed error.

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
    guard let bound = AxisEnvironment.axis(axisName) else {
        return unbound("allGather", x, axisName, place, result: x.type)
    }
    var shape = x.shape
    guard let axis = Tensor.normalize(axis: axis, rank: x.rank + 1) else {
        return Tensor.invalid("allGather", [x], "axis \(axis) is out of range", location: place, result: x.type)
    }
    shape.insert(bound.size, at: axis)
    return Tensor.apply(.allGather, [x, bound.index], attributes: bound.attributes([
        "axis_name": .string(axisName), "axis": .int(axis), "axis_size": .int(bound.size),
    ]), location: place, fallback: TensorType(x.dtype, shape))
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
    guard let bound = AxisEnvironment.axis(axisName) else {
        return unbound("psumScatter", x, axisName, place, result: TensorType(x.dtype, shape))
    }
    guard x.shape[axis] == bound.size else {
        return Tensor.invalid("psumScatter", [x], "dimension \(axis) has size \(x.shape[axis]), not the size \(bound.size) of axis '\(axisName)'",
                              location: place, result: TensorType(x.dtype, shape))
    }
    return Tensor.apply(.reduceScatter, [x, bound.index], attributes: bound.attributes(["axis_name": .string(axisName), "axis": .int(axis)]),
                        location: place, fallback: TensorType(x.dtype, shape))
}

/// `all_reduce` of `kind` over `axisName` (within `groups` when given), or
/// the unbound-axis or bad-groups error.
private func allReduce(_ function: String, _ kind: String, _ x: Tensor, _ axisName: String, _ groups: [[Int]]?,
                       _ place: String?) -> Tensor {
    guard let bound = AxisEnvironment.axis(axisName) else { return unbound(function, x, axisName, place, result: x.type) }
    var attributes = bound.attributes(["axis_name": .string(axisName), "kind": .string(kind)])
    if let groups = groups.map(IndexGroups.init) {
        if let problem = groups.problem(axisSize: bound.size) {
            return Tensor.invalid(function, [x], problem, location: place, result: x.type)
        }
        for (name, value) in groups.attributes { attributes[name] = value }
    }
    return Tensor.apply(.allReduce, [x, bound.index], attributes: attributes, location: place, fallback: x.type).weak(x.isWeak)
}

/// `x` sent between the indices of the axis `axisName` (`jax.lax.ppermute`):
/// for each `(source, target)` pair of `permutation`, the example or device
/// at `target` receives the `x` of `source`; one that no pair targets gets
/// zeros. No index may be a source or a target twice.
///
/// ```swift
/// // inside shardMap over a mesh with axis "ring" of 4 devices: each gets its left neighbour's x
/// let shifted = ppermute(x, axisName: "ring", permutation: [(0, 1), (1, 2), (2, 3), (3, 0)])
/// ```
///
/// Its gradient is the cotangent sent back along the reversed pairs.
public func ppermute(_ x: Tensor, axisName: String, permutation: [(source: Int, target: Int)],
                     file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let bound = AxisEnvironment.axis(axisName) else { return unbound("ppermute", x, axisName, place, result: x.type) }
    if let problem = CollectivePermute.problem(permutation, axisSize: bound.size) {
        return Tensor.invalid("ppermute", [x], problem, location: place, result: x.type)
    }
    return Tensor.apply(.collectivePermute, [x, bound.index], attributes: bound.attributes([
        "axis_name": .string(axisName), "axis_size": .int(bound.size), "pairs": .ints(permutation.flatMap { [$0.source, $0.target] }),
    ]), location: place, fallback: x.type).weak(x.isWeak)
}

/// The index of the current example along the `vmap` axis `axisName`
/// (`jax.lax.axis_index`): an int32 scalar, 0 to the axis size - 1.
///
/// ```swift
/// let positions = vmap({ (_: Tensor) in axisIndex(axisName: "i") }, axisName: "i")(xs)   // [0, 1, 2]
/// ```
public func axisIndex(axisName: String, file: String = #fileID, line: Int = #line) -> Tensor {
    guard let bound = AxisEnvironment.axis(axisName) else {
        return unbound("axisIndex", Tensor(Int32(0)), axisName, location(file, line), result: TensorType(.int32, []))
    }
    return bound.index
}

/// The poisoned result of a collective over an axis no enclosing `vmap` binds.
private func unbound(_ function: String, _ x: Tensor, _ axisName: String, _ place: String?, result: TensorType) -> Tensor {
    if let error = x.error { return .poisoned(error, type: result) }
    let error = TensorError.invalidOperation(.notLowerable(op: function, reason: unboundReason(axisName), location: place))
    TracingContext.current?.fail(error)
    return .poisoned(error, type: result)
}

/// Why `pmean`/`psum` over the `vmap` axis `axisName`, within
/// `axisIndexGroups` when given, would fail here (no enclosing `vmap`
/// binds the axis, or the groups do not cover each of its indices once
/// with equal sizes), or nil when they can run: for a module that checks its
/// configuration first, to report the mistake under its own name.
public func collectiveProblem(axisName: String, axisIndexGroups: [[Int]]? = nil) -> String? {
    guard let bound = AxisEnvironment.axis(axisName) else { return unboundReason(axisName) }
    return axisIndexGroups.flatMap { IndexGroups($0).problem(axisSize: bound.size) }
}

/// The reason a collective cannot use `axisName`, which no enclosing `vmap`
/// or `shardMap` binds.
private func unboundReason(_ axisName: String) -> String {
    let bound = AxisEnvironment.axes.map { "'\($0.name)'" }
    return "the axis name '\(axisName)' is not bound by any enclosing vmap or shardMap (bound: "
        + "\(bound.isEmpty ? "none" : bound.joined(separator: ", "))); pass axisName: \"\(axisName)\" to vmap, "
        + "or name an axis of shardMap's mesh"
}

extension AxisEnvironment.Axis {
    /// A collective's `attributes` with this axis's device groups added
    /// when it is a mesh axis.
    func attributes(_ attributes: Attributes) -> Attributes {
        devices?.added(to: attributes) ?? attributes
    }
}
