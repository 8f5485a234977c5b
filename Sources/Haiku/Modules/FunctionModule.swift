/// A module made from a function (`hk.to_module`): calling it runs the
/// function inside the module's method boundary, so its parameters are
/// named after the module; one instance shares them across calls.
public final class FunctionModule<each Input, Output>: Module {
    let function: (repeat each Input) -> Output
    private let functionName: String

    init(_ function: @escaping (repeat each Input) -> Output, className: String, name: ModuleName) {
        self.function = function
        functionName = className
        super.init(name: name)
    }

    override var className: String { functionName }

    /// The function's result.
    public func callAsFunction(_ inputs: repeat each Input) -> Output {
        method(repeat each inputs) { (inputs: repeat each Input) in function(repeat each inputs) }
    }
}

/// A module class from a function (`hk.to_module`): the result makes
/// modules (named after `className` in snake case unless named) that run
/// `function`.
///
/// ```swift
/// let Bias = toModule(className: "Bias") { (x: Tensor) in x + parameter("b", shape: [], init: .ones) }
/// let bias = Bias("my_bias")   // parameters under "my_bias"
/// ```
public func toModule<each Input, Output>(
    className: String, _ function: @escaping (repeat each Input) -> Output
) -> (ModuleName) -> FunctionModule<repeat each Input, Output> {
    { name in FunctionModule(function, className: className, name: name) }
}
