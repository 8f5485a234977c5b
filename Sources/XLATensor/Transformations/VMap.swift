import XLAIR

/// `function` mapped over a batch dimension of its input (`jax.vmap`): each
/// example is processed as if alone, in one batched computation.
///
/// - Parameters:
///   - inAxes: the batch axis of every input leaf (negative counts from the
///     end), or nil to share every leaf; ``vmap(_:inAxes:outAxes:axisSize:axisName:file:line:)-(_,[Int?],_,_,_,_,_)``
///     takes one axis per leaf.
///   - outAxes: where the batch axis goes in every output leaf.
///   - axisSize: the batch size, needed when no input is batched.
///   - axisName: a name for the mapped axis, which collectives inside
///     `function` refer to (`hk.vmap`'s and `jax.vmap`'s `axis_name`).
///
/// Works eagerly, inside `jit`, inside `grad` (per-example gradients with
/// `vmap(grad(f))`) and nested.
public func vmap<Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (Input) -> Output, inAxes: Int? = 0, outAxes: Int = 0, axisSize: Int? = nil,
    axisName: String? = nil, file: String = #fileID, line: Int = #line
) -> (Input) -> Output {
    { input in
        vmapped(function, input, inAxes: Array(repeating: inAxes, count: input.leaves.count), outAxes: outAxes,
                axisSize: axisSize, axisName: axisName, place: location(file, line))
    }
}

/// ``vmap(_:inAxes:outAxes:axisSize:axisName:file:line:)-(_,Int?,_,_,_,_,_)``
/// of a closure that throws: its error comes out of the mapped function,
/// with its type.
public func vmap<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output, inAxes: Int? = 0, outAxes: Int = 0,
    axisSize: Int? = nil, axisName: String? = nil, file: String = #fileID, line: Int = #line
) -> (Input) throws(Failure) -> Output {
    { input throws(Failure) in
        try vmapped(function, input, inAxes: Array(repeating: inAxes, count: input.leaves.count), outAxes: outAxes,
                    axisSize: axisSize, axisName: axisName, place: location(file, line))
    }
}

/// `vmap` with one batch axis (or nil) per input leaf, in leaf order.
public func vmap<Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (Input) -> Output, inAxes: [Int?], outAxes: Int = 0, axisSize: Int? = nil,
    axisName: String? = nil, file: String = #fileID, line: Int = #line
) -> (Input) -> Output {
    { input in
        vmapped(function, input, inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                place: location(file, line))
    }
}

/// `vmap` with one batch axis (or nil) per input leaf, of a closure that
/// throws: its error comes out of the mapped function, with its type.
public func vmap<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output, inAxes: [Int?], outAxes: Int = 0,
    axisSize: Int? = nil, axisName: String? = nil, file: String = #fileID, line: Int = #line
) -> (Input) throws(Failure) -> Output {
    { input throws(Failure) in
        try vmapped(function, input, inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                    place: location(file, line))
    }
}

private func vmapped<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output, _ input: Input, inAxes: [Int?], outAxes: Int,
    axisSize: Int?, axisName: String?, place: String?
) throws(Failure) -> Output {
    let errors = UserErrors<Failure>()
    let traced = errors.guarding(function)
    // After a failure, one example gives the output's structure; its axis
    // is bound as in the traced call, so that the function (a module that
    // checks its collectives' axis) does not report a second, spurious error.
    let fallback = { () throws(Failure) -> Output in
        let example = input.mapTensors { leaf in leaf.rank > 0 ? leaf[0] : leaf }
        let size = axisSize ?? input.leaves.first.map { $0.rank > 0 ? $0.shape[0] : 1 } ?? 1
        return try AxisEnvironment.binding(axisName, size: size, index: Tensor(Int32(0))) {
            Result { () throws(Failure) in try function(example) }
        }.get()
    }
    return try withTrace(input, location: place, errors: errors, fallback: fallback) { trace, input in
        let leaves = input.leaves
        guard inAxes.count == leaves.count else {
            throw TensorError.invalidTransformation(
                reason: "vmap got \(inAxes.count) input axes for \(leaves.count) input leaves", location: place)
        }
        let axes = try zip(leaves, inAxes).map { leaf, axis -> Int? in
            guard let axis else { return nil }
            guard let normalized = Tensor.normalize(axis: axis, rank: leaf.rank) else {
                throw TensorError.invalidTransformation(
                    reason: "vmap input axis \(axis) is out of range for a leaf of shape \(leaf.shape)", location: place)
            }
            return normalized
        }
        let sizes = Set(zip(leaves, axes).compactMap { leaf, axis in axis.map { leaf.shape[$0] } })
        guard let size = axisSize ?? sizes.first, sizes.isSubset(of: [size]) else {
            throw TensorError.invalidTransformation(
                reason: sizes.isEmpty ? "vmap with no batched input needs an axisSize"
                    : "vmap inputs have different sizes along their batch axes: \(sizes.sorted())", location: place)
        }
        // TracingContext one example.
        let child = TracingContext(location: place, parent: trace)
        defer { child.close() }
        let parameters = zip(leaves, axes).map { leaf, axis in
            var shape = leaf.shape
            if let axis { shape.remove(at: axis) }
            return child.builder.parameter(TensorType(leaf.dtype, shape))
        }
        // With a name, each example also gets its index along the axis, for collectives.
        let index = axisName.map { _ in child.builder.parameter(TensorType(.int32, [])) }
        // Implicit values the function changes (Haiku's state) come out as
        // extra outputs, which must not vary along the mapped axis.
        let (output, changes) = try AxisEnvironment.binding(axisName, size: size, index: index.map { Tensor(.traced($0, child), type: $0.type) }) {
            try child.record { try ImplicitStateContext.tracking { try traced(child.tree(input, values: parameters)) } }
        }
        if let error = child.firstError { throw error }
        let extra = changes?.tensors ?? []
        let outputValues = try child.values(of: output, location: place) + child.values(of: extra, location: place)
        let indices = try index.map { _ in
            try trace.builder.append(.iota, [], attributes: [
                "shape": .ints([size]), "dimension": .int(0), "element_type": .elementType(.int32),
            ], location: place)
        } ?? []
        let arguments = try leaves.map { try trace.localValue(of: $0, location: place) } + indices
            + child.imported.map { try trace.localValue(of: $0.outer, location: place) }
        let batched: (results: [Value], batchDimensions: [Int?])
        do {
            batched = try BatchingTransformation.batch(child.builder.finish(returning: outputValues), arguments: arguments,
                                             batchDimensions: axes + indices.map { _ in 0 } + Array(repeating: nil, count: child.imported.count),
                                             axisSize: size, axisName: axisName, into: trace.builder)
        } catch {
            throw TensorError(error)
        }
        let outputCount = output.leaves.count
        for (value, dimension) in zip(batched.results[..<outputCount], batched.batchDimensions) {
            let rank = value.type.shape.count + (dimension == nil ? 1 : 0)
            guard (-rank..<rank).contains(outAxes) else {
                throw TensorError.invalidTransformation(
                    reason: "vmap output axis \(outAxes) is out of range for an output of rank \(rank) (batch axis included)",
                    location: place)
            }
        }
        if let changes {
            let dimensions = batched.batchDimensions[outputCount...]
            if let batched = zip(changes.names, dimensions).first(where: { $0.1 != nil }) {
                throw TensorError.invalidTransformation(
                    reason: "\(batched.0) was given a value that varies along the vmap axis; it is shared by every example, so reduce the value over the axis (for example with a mean) before setting it",
                    location: place)
            }
            changes.apply(trace.tree(extra, values: Array(batched.results[outputCount...])))
        }
        let results = zip(batched.results[..<outputCount], batched.batchDimensions).map { value, dimension in
            Tensor(.traced(value, trace), type: value.type).movingBatchAxis(from: dimension, to: outAxes, size: size)
        }
        return trace.tree(output, values: try results.map { try trace.localValue(of: $0, location: place) })
    }
}

extension Tensor {
    /// The tensor with its batch axis at `to` (negative counts from the
    /// end): moved from `from`, or broadcast along a new axis when nil.
    func movingBatchAxis(from: Int?, to: Int, size: Int) -> Tensor {
        guard let from else {
            let target = to < 0 ? to + rank + 1 : to
            var shape = self.shape
            shape.insert(size, at: Swift.min(Swift.max(target, 0), rank))
            return expandingDimensions(axis: Swift.min(Swift.max(target, 0), rank)).broadcast(to: shape)
        }
        let target = to < 0 ? to + rank : to
        guard target != from, (0..<rank).contains(target) else { return self }
        var order = Array(0..<rank)
        order.remove(at: from)
        order.insert(from, at: target)
        return transposed(order)
    }
}
