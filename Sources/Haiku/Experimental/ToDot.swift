/// Graphviz DOT text of the operations `function` runs on these inputs,
/// clustered by module method call (`hk.experimental.to_dot`): arguments
/// in orange, operations (named as in IR text: `sin`, `dot_general`) in
/// yellow, outputs in blue. The function is traced, not run, so the
/// inputs may also be abstract (`Tensor(ShapeDtype(...))`, see
/// ``abstractToDot(_:_:name:)``). Arguments that are ``Params`` are labelled
/// with their full names (`args[0]: mlp/~/linear_0/w`), as in Haiku.
///
/// ```swift
/// let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
/// let x = Tensor.ones([8, 784])
/// let params = try f.initialize(rng: PRNGKey(42), x)
/// let dot = try toDot({ (p: Params, x: Tensor) in try f.apply(p, x) }, params, x, name: "apply_fn")
/// ```
///
/// - Parameters:
///   - function: any function of tensor trees; modules it calls (also
///     through a transformed function's `apply`) become clusters.
///   - inputs: its arguments.
///   - name: the graph's title (Haiku uses the Python function's name).
/// - Throws: the function's error or the first error an operation made.
public func toDot<each Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> Output, _ inputs: repeat each Input, name: String = "f"
) throws -> String {
    let recorder = DotRecorder(title: name)
    var arguments: [(tensor: Tensor, label: String)] = []
    var outputs: [(tensor: Tensor, label: String)] = []
    _ = try evalShape({ (inputs: Inputs<repeat each Input>) -> [Tensor] in
        let output = try MethodHooks.with(recorder.hook) {
            try observingOperations(OperationObserver(recorder.observe)) { try function(repeat each inputs.values) }
        }
        var index = 0
        for input in repeat each inputs.values {
            arguments += argumentLabels(input, index: index)
            index += 1
        }
        let leaves = output.leaves
        outputs = leaves.enumerated().map { ($1, leaves.count == 1 ? "output" : "output[\($0)]") }
        return []
    }, Inputs(values: (repeat each inputs)))
    return DotWriter(graph: recorder.root, arguments: arguments, outputs: outputs).text()
}

/// ``toDot(_:_:name:)`` with abstract inputs (`hk.experimental.abstract_to_dot`):
/// `Tensor(ShapeDtype(...))` arguments, which carry a shape and dtype and
/// no values. Both trace the function without running it, so both take
/// either kind of input; this name says which is meant.
public func abstractToDot<each Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> Output, _ inputs: repeat each Input, name: String = "f"
) throws -> String {
    try toDot(function, repeat each inputs, name: name)
}

/// The labels of one argument's leaves: `args[i]` for a single tensor,
/// `args[i]: module/name` for parameters or state, `args[i]: k` for the
/// k-th leaf of another tree.
private func argumentLabels<Input: TensorTree>(_ input: Input, index: Int) -> [(tensor: Tensor, label: String)] {
    if let bundles = input as? Params {
        return DataStructures.traverse(bundles).map { ($0.value, "args[\(index)]: \($0.module)/\($0.name)") }
    }
    let leaves = input.leaves
    return leaves.enumerated().map { ($1, leaves.count == 1 ? "args[\(index)]" : "args[\(index)]: \($0)") }
}
