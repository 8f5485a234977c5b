/// A module, the method called on it and the specs of its parameters and
/// state, with those of its submodules, by full name
/// (`hk.experimental.ModuleDetails`). Prints as Haiku's:
/// `ModuleDetails(module: Linear(outputSize: 3), methodName: "__call__", params: {'linear/b': f32[3], 'linear/w': f32[2,3]}, state: {})`.
public struct ModuleDetails: CustomStringConvertible {
    /// The module.
    public let module: Module
    /// Haiku's name of the method (`__call__` for `callAsFunction`).
    public let methodName: String
    /// The parameters of the module and its submodules, by full name, sorted.
    public let params: SortedDictionary<String, ArraySpec>
    /// The state of the module and its submodules, by full name, sorted.
    public let state: SortedDictionary<String, ArraySpec>

    /// Haiku's `ModuleDetails(module=..., method_name='__call__', params={...}, state={})` in Swift's spelling.
    public var description: String {
        "ModuleDetails(module: \(module), methodName: \"\(methodName)\", params: \(params), state: \(state))"
    }
}

/// One module method call seen while summarizing a function
/// (`hk.experimental.MethodInvocation`).
public struct MethodInvocation: CustomStringConvertible {
    /// The module, the method and their parameters and state (`module_details`).
    public let moduleDetails: ModuleDetails
    /// The specs of the tensor arguments, in order.
    public let arguments: [ArraySpec]
    /// The specs of the result's tensors; nil for a method returning nothing.
    public let output: [ArraySpec]?
    /// The calls this one runs in, innermost (this one) first, each with
    /// its module's parameters and state (Haiku's `call_stack`).
    public let callStack: [ModuleDetails]

    /// The module whose method ran.
    public var module: Module { moduleDetails.module }
    /// Haiku's name of the method (`__call__` for `callAsFunction`).
    public var methodName: String { moduleDetails.methodName }
    /// The parameters of the module and its submodules, by full name.
    public var params: SortedDictionary<String, ArraySpec> { moduleDetails.params }

    /// `MethodInvocation(moduleDetails: ModuleDetails(...), arguments: [f32[1,2]], output: [f32[1,3]], callStack: [ModuleDetails(...)])`,
    /// as Haiku's `module_details`, `args_spec`, `output_spec` and `call_stack`.
    public var description: String {
        "MethodInvocation(moduleDetails: \(moduleDetails), arguments: \(arguments), "
            + "output: \(output.map { "\($0)" } ?? "nil"), callStack: \(callStack))"
    }
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
/// plain function that uses modules, transformed with state first, as
/// Haiku's `eval_summary` does for a function that is not transformed yet.
public func evalSummary<each Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> Output, _ inputs: repeat each Input
) throws -> [MethodInvocation] {
    try evalSummary(transformWithState(function), repeat each inputs)
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
        recorder.params = InvocationRecorder.specs(frame.params)
        recorder.state = InvocationRecorder.specs(frame.currentState)
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
    var params: SortedDictionary<String, ArraySpec> = [:]
    var state: SortedDictionary<String, ArraySpec> = [:]

    /// The specs of a two-level structure by full name (`module/name`).
    static func specs(_ bundles: Params) -> SortedDictionary<String, ArraySpec> {
        SortedDictionary(uniqueKeysWithValues: DataStructures.traverse(bundles).map { ("\($0.module)/\($0.name)", ArraySpec($0.value)) })
    }

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
            MethodInvocation(moduleDetails: details(call.module, call.methodName), arguments: call.arguments,
                             output: call.output, callStack: call.callStack.map { details($0.module, $0.methodName) })
        }
    }

    /// A module's method with the parameters and state under its name.
    private func details(_ module: Module, _ methodName: String) -> ModuleDetails {
        let prefix = module.moduleName + "/"
        return ModuleDetails(module: module, methodName: methodName, params: params.filter { $0.key.hasPrefix(prefix) },
                             state: state.filter { $0.key.hasPrefix(prefix) })
    }
}
