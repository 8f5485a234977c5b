/// The shapes and dtypes `function` would return for these arguments,
/// found by tracing it; nothing is compiled or run (`jax.eval_shape`).
///
/// The result has the function's output structure; its leaves are
/// ``ShapeDtype``s: they carry `shape`, `dtype` and `isWeak`, print as
/// `ShapeDtype(shape: [8, 10], dtype: float32)` and have no values (reading
/// one throws). Arguments may be such tensors too, or `Tensor(ShapeDtype(...))`.
///
/// - Throws: the first error an operation made while tracing, or the
///   function's own error.
public func evalShape<each Argument: TensorTree, Result: TensorTree>(
    _ function: @escaping (repeat each Argument) throws -> Result, _ arguments: repeat each Argument,
    file: String = #fileID, line: Int = #line
) throws -> Result {
    let place = location(file, line)
    let traced: Result
    if let trace = TracingContext.current {
        // Inside a trace: a throwaway child trace, so the function may use
        // the enclosing trace's tensors; implicit state changes are discarded.
        let child = TracingContext(location: place, parent: trace)
        defer { child.close() }
        func parameters<T: TensorTree>(_ argument: T) -> T {
            argument.mapTensors { Tensor(.traced(child.builder.parameter($0.type), child), type: $0.type, weak: $0.isWeak) }
        }
        traced = try ImplicitStateContext.discarding {
            try child.record { try function(repeat parameters(each arguments)) }
        }
        if let error = child.firstError { throw error }
    } else {
        traced = try JITFunction(function: function, donated: [], location: place).traceOutput(repeat each arguments)
    }
    let abstract = TensorError.invalidTransformation(reason: ShapeDtype.noValues, location: place)
    return traced.mapTensors { Tensor(.poisoned(abstract), type: $0.type, weak: $0.isWeak) }
}
