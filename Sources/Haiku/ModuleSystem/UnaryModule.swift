/// A module whose public method is `callAsFunction(_:)` alone, run through
/// the method boundary for its author: the author writes ``forward(_:)``,
/// without `method(x) { x in ... }` (Haiku wraps `__call__` the same way,
/// by its metaclass), so the boundary cannot be forgotten.
///
/// ```swift
/// final class MyLinear: Module, UnaryModule {
///     let outputSize: Int
///     init(_ outputSize: Int, name: ModuleName = nil) {
///         self.outputSize = outputSize
///         super.init(name: name)
///     }
///     func forward(_ x: Tensor) -> Tensor {
///         matmul(x, parameter("w", shape: [x.shape.last!, outputSize], init: TruncatedNormal()))
///     }
/// }
/// let y = MyLinear(10)(x)  // `callAsFunction`, named and intercepted as Haiku's `__call__`
/// ```
///
/// Modules with other methods, or several arguments, wrap each public
/// method in ``Module/method(_:name:nameLike:_:)`` themselves.
public protocol UnaryModule: Module {
    /// What the module is called with.
    associatedtype Input
    /// What the module returns.
    associatedtype Output

    /// The module's work for `input`, which `callAsFunction(_:)` runs inside
    /// the method boundary. Call the module, not this: called directly, the
    /// parameters it makes are reported as
    /// ``HaikuError/missingMethodBoundary(module:method:value:location:)``.
    func forward(_ input: Input) -> Output
}

extension UnaryModule {
    /// ``forward(_:)`` of `input` inside the method boundary (Haiku's `__call__`).
    public func callAsFunction(_ input: Input) -> Output {
        method(input, name: "callAsFunction(_:)") { input in forward(input) }
    }
}
