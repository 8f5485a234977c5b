/// The shapes and dtypes `function` would return for these arguments,
/// found by tracing it; nothing is compiled or run (`jax.eval_shape`).
///
/// The result has the function's output structure; its leaves carry
/// `shape`, `dtype` and `isWeak` but no values (reading one throws).
///
/// - Throws: the first error an operation made while tracing, or the
///   function's own error.
public func evalShape<each Argument: TensorTree, Result: TensorTree>(
    _ function: @escaping (repeat each Argument) throws -> Result, _ arguments: repeat each Argument,
    file: String = #fileID, line: Int = #line
) throws -> Result {
    let place = location(file, line)
    let traced = try JITFunction(function: function, donated: [], location: place).traceOutput(repeat each arguments)
    let abstract = TensorError.invalidTransformation(
        reason: "a result of evalShape has a shape and dtype but no values", location: place)
    return traced.mapTensors { Tensor(.poisoned(abstract), type: $0.type, weak: $0.isWeak) }
}
