import XLAIR

/// Traces `function` at `point` in a child of `trace`, then emits into
/// `trace` its forward pass and the cotangents of `point`'s leaves for the
/// output cotangents `seeds` gives (nil for zero).
///
/// The forward pass and the gradient are ordinary IR in the enclosing trace,
/// so they compile with it, and can be differentiated again.
func reverseDifferentiate<Point: TensorTree, Output: TensorTree>(
    _ function: (Point) throws -> Output, at point: Point, in trace: TracingContext, location: String?,
    seeds: (Output, TracingContext) throws -> [Value?]
) throws -> (output: Output, gradient: Point) {
    let child = TracingContext(location: location, parent: trace)
    defer { child.close() }
    let leaves = point.leaves
    let parameters = leaves.map { child.builder.parameter($0.type) }
    // Implicit values the function changes (Haiku's state) come out as
    // undifferentiated extra outputs.
    let (output, changes) = try child.record {
        try ImplicitStateContext.tracking { try function(child.tree(point, values: parameters)) }
    }
    if let error = child.firstError { throw error }
    let extra = changes?.tensors ?? []
    let outputValues = try child.values(of: output, location: location) + child.values(of: extra, location: location)
    let arguments = try leaves.map { try trace.localValue(of: $0, location: location) }
        + child.imported.map { try trace.localValue(of: $0.outer, location: location) }
    // Inside shardMap's per-device code: what the arguments vary over.
    let manual = try PerDeviceTrace.current?.manualAxes(
        emittingInto: trace, arguments: Array(zip(arguments, leaves + child.imported.map(\.outer))), location: location)
    let differentiated: (results: [Value], parameterCotangents: [Value?])
    do {
        differentiated = try ReverseModeTransformation.vjp(of: child.builder.finish(returning: outputValues), arguments: arguments,
                                             resultCotangents: try seeds(output, trace) + extra.map { _ in nil },
                                             into: trace.builder,
                                             inactiveParameters: Set(leaves.count..<arguments.count), manual: manual)
    } catch let error as DeferredUserError {
        throw error
    } catch {
        throw TensorError(error)
    }
    let gradient = zip(leaves, differentiated.parameterCotangents).map { leaf, cotangent in
        (cotangent.map { Tensor(.traced($0, trace), type: $0.type) } ?? Tensor.zeros(leaf.shape, dtype: leaf.dtype))
            .weak(leaf.isWeak)
    }
    let outputCount = output.leaves.count
    changes?.apply(trace.tree(extra, values: Array(differentiated.results[outputCount...])))
    return (trace.tree(output, values: Array(differentiated.results[..<outputCount])), point.replacingLeaves(with: gradient))
}

/// Two trees as one.
struct TreePair<First: TensorTree, Second: TensorTree>: TensorTree {
    var first: First
    var second: Second

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> TreePair {
        TreePair(first: try first.mapTensors(transform), second: try second.mapTensors(transform))
    }
}
