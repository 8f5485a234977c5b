import XLAIR

/// Bitwise operations on integers, logical ones on `bool` (as `&`, `|`, `^`,
/// `~` in JAX).
extension Tensor {
    /// Bitwise or logical and.
    public static func & (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(.and, lhs, rhs) }
    /// Bitwise or logical or.
    public static func | (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(.or, lhs, rhs) }
    /// Bitwise or logical exclusive or.
    public static func ^ (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(.xor, lhs, rhs) }
    /// Bitwise or logical not.
    public static prefix func ~ (operand: Tensor) -> Tensor { operand.unary(.not) }
    /// Shift left; bits shifted past the width give 0.
    public static func << (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(.shiftLeft, lhs, rhs) }
    /// Shift right: arithmetic for signed integers, logical for unsigned.
    public static func >> (lhs: Tensor, rhs: Tensor) -> Tensor {
        let promoted = TypePromotion.resultType(lhs.promotionType, rhs.promotionType, x64: Configuration.x64)
        return elementwise(promoted.elementType.isUnsignedInteger ? .shiftRightLogical : .shiftRightArithmetic, lhs, rhs)
    }
    /// The remainder of floor division, with the sign of `rhs` (Python's and JAX's `%`).
    public static func % (lhs: Tensor, rhs: Tensor) -> Tensor { remainder(lhs, rhs) }
}

/// The number of set bits in each integer.
public func populationCount(_ x: Tensor) -> Tensor { x.unary(.popcnt) }
