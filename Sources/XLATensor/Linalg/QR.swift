import XLAIR

/// The shapes `qr(_:mode:)` returns (`jnp.linalg.qr`'s `mode`), for `a` of
/// shape `[..., m, n]` and `k = min(m, n)`.
public enum QRMode: Sendable {
    /// `q` is `[..., m, k]` and `r` `[..., k, n]` (`"reduced"`, the default).
    case reduced
    /// `q` is `[..., m, m]` and `r` `[..., m, n]` (`"complete"`).
    case complete
}

/// The QR decomposition `a = q r` (`jnp.linalg.qr`): `q` with orthonormal
/// columns and upper-triangular `r`, by Householder reflections with
/// LAPACK's sign conventions, so the values are JAX's.
///
/// ```swift
/// let a = Tensor([[3.0, 1], [4, 2]])
/// let (q, r) = qr(a)   // q = [[-0.6, -0.8], [-0.8, 0.6]], r = [[-5, -2.2], [0, 0.4]]
/// ```
///
/// Batched over leading axes; differentiable (through the reflections),
/// and for inputs where JAX defines a derivative it is JAX's. Integer
/// inputs are promoted to float32; float16, bfloat16 and ranks below 2 give
/// a typed error.
///
/// - Parameters:
///   - a: matrices `[..., m, n]`, any `m` and `n`.
///   - mode: which shapes to return; ``qrR(_:file:line:)`` is `mode="r"`.
public func qr(_ a: Tensor, mode: QRMode = .reduced, file: String = #fileID, line: Int = #line) -> (q: Tensor, r: Tensor) {
    let (x, factors) = householder(a, location: location(file, line))
    guard let factors else { return (x, x) }
    let (m, n) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
    let columns = mode == .complete ? m : Swift.min(m, n)
    return (factors.q(columns: columns), factors.r[.ellipsis, .upTo(columns), .all])
}

/// Only the `r` of ``qr(_:mode:file:line:)`` in `.reduced` shapes,
/// `[..., min(m, n), n]`, without computing `q` (`jnp.linalg.qr(a, mode="r")`).
public func qrR(_ a: Tensor, file: String = #fileID, line: Int = #line) -> Tensor {
    let (x, factors) = householder(a, location: location(file, line))
    guard let factors else { return x }
    return factors.r[.ellipsis, .upTo(Swift.min(x.shape[x.rank - 2], x.shape[x.rank - 1])), .all]
}

/// QR's operand (promoted, or poisoned with the reason QR rejects `a`) and
/// its reflections when it is valid.
private func householder(_ a: Tensor, location: String?) -> (operand: Tensor, factors: Householder?) {
    let x = a.factorizationOperand("qr", square: false, location: location)
    return (x, x.error == nil ? Householder(factoring: x) : nil)
}
