import XLAIR

extension TracingContext {
    /// The IR values of a tree's leaves in this trace, capturing concrete ones.
    func values<T: TensorTree>(of tree: T, location: String?) throws -> [Value] {
        try tree.leaves.map { try localValue(of: $0, location: location) }
    }

    /// `template` with its leaves replaced by traced tensors of `values`,
    /// keeping the template's weak-type flags.
    func tree<T: TensorTree>(_ template: T, values: [Value]) -> T {
        let templates = template.leaves
        return template.replacingLeaves(with: zip(values, templates).map { value, leaf in
            Tensor(.traced(value, self), type: value.type, weak: leaf.isWeak)
        })
    }

    /// Builds a region whose arguments stand for `arguments`' leaves and
    /// whose results are the leaves `body` returns; also returns that output
    /// (its leaves are region values, a template for the instruction's results).
    func region<Arguments: TensorTree, Output: TensorTree>(
        arguments: Arguments, location: String?, _ body: (Arguments) throws -> Output
    ) throws -> (Region, Output) {
        let values = builder.beginRegion(arguments: arguments.leaves.map(\.type))
        do {
            let output = try body(tree(arguments, values: values))
            if let error = firstError { throw error }
            return (builder.endRegion(returning: try self.values(of: output, location: location)), output)
        } catch {
            _ = builder.endRegion(returning: [])
            throw error
        }
    }
}

/// Runs `body` inside the current trace, or, when there is none, traces and
/// compiles it as `jit` does (control flow is always compiled). Errors
/// become poisoned results shaped like `fallback`, except an error the
/// user's closure threw (kept in `errors`, or carried from a custom
/// derivative), which is rethrown as it is.
func withTrace<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ input: Input, location: String?, errors: UserErrors<Failure>, fallback: () throws(Failure) -> Output,
    _ body: @escaping (TracingContext, Input) throws -> Output
) throws(Failure) -> Output {
    if let trace = TracingContext.current {
        do {
            return try body(trace, input)
        } catch {
            try errors.rethrow(error)
            let tensorError = TensorError(error)
            trace.fail(tensorError)
            return try fallback().mapTensors { .poisoned(tensorError, type: $0.type) }
        }
    }
    do {
        let compiled = JITFunction<Input, Output>(function: { try body(TracingContext.current!, $0) }, donated: [],
                                                  location: location)
        return try compiled(input)
    } catch {
        try errors.rethrow(error)
        return try fallback().mapTensors { .poisoned(TensorError(error), type: $0.type) }
    }
}
