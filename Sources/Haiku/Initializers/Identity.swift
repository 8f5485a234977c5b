/// The identity matrix times a gain, or a batch of them
/// (`hk.initializers.Identity`).
///
/// For a shape `[..., rows, columns]` every trailing matrix has `gain` on
/// its main diagonal and zeros elsewhere (a rectangular "identity" when
/// `rows != columns`).
///
/// ```swift
/// let w = parameter("w", shape: [4, 4], init: Identity())
/// ```
public struct Identity: Initializer, Sendable {
    /// The factor of the identity.
    public let gain: Double

    /// An initializer making identity matrices.
    ///
    /// - Parameter gain: the value on the diagonal (Haiku's default 1).
    public init(gain: Double = 1) { self.gain = gain }

    /// Identity matrices of `shape`, converted to `dtype`; a poisoned
    /// tensor when the rank is below 2 (Haiku raises `ValueError`).
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        guard shape.count >= 2 else {
            return invalidInitializer("Identity needs a shape of rank 2 or more, not \(shape)", shape, dtype)
        }
        let eye = Tensor.eye(shape[shape.count - 2], shape[shape.count - 1], dtype: dtype).broadcast(to: shape)
        return convertElementType(gain, dtype) * eye
    }
}
