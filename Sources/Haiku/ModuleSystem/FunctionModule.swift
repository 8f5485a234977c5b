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
/// let bias = Bias(name: "my_bias")   // parameters under "my_bias"
/// ```
public func toModule<each Input, Output>(
    className: String, _ function: @escaping (repeat each Input) -> Output
) -> FunctionModuleClass<repeat each Input, Output> {
    FunctionModuleClass(className: className, function: function)
}

/// What ``toModule(className:_:)`` returns: called like a module class's
/// initializer, `Bias()` or `Bias(name: "my_bias")`, it makes a
/// ``FunctionModule``.
public struct FunctionModuleClass<each Input, Output> {
    /// The class name modules are named after (in snake case).
    public let className: String
    let function: (repeat each Input) -> Output

    /// A new module running the function, named `name` or after the class.
    public func callAsFunction(name: ModuleName = nil) -> FunctionModule<repeat each Input, Output> {
        FunctionModule(function, className: className, name: name)
    }
}
