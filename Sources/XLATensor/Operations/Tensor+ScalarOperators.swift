/// Arithmetic with Swift numbers held in variables, weakly typed like
/// literals and like Python scalars in JAX: `x * step` keeps `x`'s dtype.
extension Tensor {
    /// `lhs + rhs` with a weakly typed scalar.
    public static func + <Scalar: TensorScalar>(lhs: Tensor, rhs: Scalar) -> Tensor { lhs + Tensor(weak: rhs) }
    /// `lhs + rhs` with a weakly typed scalar.
    public static func + <Scalar: TensorScalar>(lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(weak: lhs) + rhs }
    /// `lhs - rhs` with a weakly typed scalar.
    public static func - <Scalar: TensorScalar>(lhs: Tensor, rhs: Scalar) -> Tensor { lhs - Tensor(weak: rhs) }
    /// `lhs - rhs` with a weakly typed scalar.
    public static func - <Scalar: TensorScalar>(lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(weak: lhs) - rhs }
    /// `lhs * rhs` with a weakly typed scalar.
    public static func * <Scalar: TensorScalar>(lhs: Tensor, rhs: Scalar) -> Tensor { lhs * Tensor(weak: rhs) }
    /// `lhs * rhs` with a weakly typed scalar.
    public static func * <Scalar: TensorScalar>(lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(weak: lhs) * rhs }
    /// `lhs / rhs` with a weakly typed scalar.
    public static func / <Scalar: TensorScalar>(lhs: Tensor, rhs: Scalar) -> Tensor { lhs / Tensor(weak: rhs) }
    /// `lhs / rhs` with a weakly typed scalar.
    public static func / <Scalar: TensorScalar>(lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(weak: lhs) / rhs }
}
