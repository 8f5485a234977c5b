/// An initializer made from a closure, for code written as JAX's plain
/// `(shape, dtype) -> array` functions.
///
/// ```swift
/// let init = InitializerFunction { shape, dtype in Tensor.full(shape, 0.5, dtype: dtype) }
/// ```
public struct InitializerFunction: Initializer {
    /// The closure that makes the value.
    public let body: ([Int], ElementType) -> Tensor

    /// Wraps `body`.
    ///
    /// - Parameter body: takes the shape and dtype and returns the value.
    public init(_ body: @escaping ([Int], ElementType) -> Tensor) { self.body = body }

    /// `body(shape, dtype)`.
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor { body(shape, dtype) }
}
