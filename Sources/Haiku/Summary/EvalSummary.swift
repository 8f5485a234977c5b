/// One module method call seen while summarizing a function
/// (`hk.experimental.MethodInvocation`).
public struct MethodInvocation {
    /// The module whose method ran.
    public let module: Module
    /// Haiku's name of the method (`__call__` for `callAsFunction`).
    public let methodName: String
    /// The parameters of the module and its submodules, by full name.
    public let params: [String: ArraySpec]
    /// The specs of the tensor arguments, in order.
    public let arguments: [ArraySpec]
    /// The specs of the result's tensors; nil for a method returning nothing.
    public let output: [ArraySpec]?
    /// The calls this one runs in, innermost (this one) first.
    public let callStack: [(module: Module, methodName: String)]
}

/// The module method calls `transformed` makes on these inputs, in the
/// order they start, with their parameters and shapes
/// (`hk.experimental.eval_summary`). The function is traced, not run;
/// as in Haiku, which summarizes under `jax.disable_jit()`, a `scan` runs
/// its body once per step, so a core unrolled over T steps shows T calls.
public func evalSummary<each Input: TensorTree, Output: TensorTree>(
    _ transformed: Transformed<repeat each Input, Output>, _ inputs: repeat each Input
) throws -> [MethodInvocation] {
    try evalSummary(transformed.stateful, repeat each inputs)
}

/// ``evalSummary(_:_:)-(Transformed<repeat each Input, Output>,_)`` of a
/// function with state (a `BatchNorm`'s moving averages), as Haiku's
/// `eval_summary` takes `hk.transform_with_state` functions too.
public func evalSummary<each Input: TensorTree, Output: TensorTree>(
    _ transformed: TransformedWithState<repeat each Input, Output>, _ inputs: repeat each Input
) throws -> [MethodInvocation] {
    let function = transformed.function
    let recorder = InvocationRecorder()
    _ = try evalShape({ (inputs: Inputs<repeat each Input>) -> [Tensor] in
        let frame = Frame(isInitializing: true, rng: PRNGKey(0))
        // Loops run step by step, as Haiku summarizes under `jax.disable_jit()`.
        _ = try ScanTracing.$unrollsLoops.withValue(true) {
            try frame.runReportingFirstError {
                try interceptMethods(recorder.intercept) { try function(repeat each inputs.values) }
            }
        }
        recorder.params = frame.params.flatMap { module, values in
            values.map { ("\(module)/\($0.key)", ArraySpec($0.value)) }
        }
        return []
    }, Inputs(values: (repeat each inputs)))
    return recorder.invocations()
}

/// Records method calls through a method interceptor.
private final class InvocationRecorder {
    private struct Call {
        let module: Module
        let methodName: String
        let arguments: [ArraySpec]
        var output: [ArraySpec]?
        let callStack: [(module: Module, methodName: String)]
    }

    private var calls: [Call] = []
    private var stack: [(module: Module, methodName: String)] = []
    var params: [(String, ArraySpec)] = []

    func intercept(_ next: ([Any]) -> Any, _ arguments: [Any], _ context: MethodContext) -> Any {
        stack.append((context.module, context.methodName))
        defer { stack.removeLast() }
        let index = calls.count
        calls.append(Call(module: context.module, methodName: context.methodName,
                          arguments: arguments.flatMap(Self.specs), output: nil, callStack: stack.reversed()))
        let result = next(arguments)
        calls[index].output = result is Void ? nil : Self.specs(result)
        return result
    }

    /// The specs of a tree's leaves, or of each element of a tuple of
    /// trees (a core's `(output, state)`).
    private static func specs(_ value: Any) -> [ArraySpec] {
        if let tree = value as? any TensorTree { return tree.leaves.map(ArraySpec.init) }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .tuple else { return [] }
        return mirror.children.flatMap { specs($0.value) }
    }

    func invocations() -> [MethodInvocation] {
        calls.map { call in
            let name = call.module.moduleName
            let owned = params.filter { $0.0.hasPrefix(name + "/") }
            return MethodInvocation(module: call.module, methodName: call.methodName,
                                    params: Dictionary(owned, uniquingKeysWith: { first, _ in first }),
                                    arguments: call.arguments, output: call.output, callStack: call.callStack)
        }
    }
}
