import XLAIR

extension Tensor {
    /// Elementwise sum, with broadcasting and dtype promotion; logical or
    /// for two `bool` tensors, as in JAX.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        elementwise(lhs.dtype == .bool && rhs.dtype == .bool ? .or : .add, lhs, rhs)
    }
    /// Elementwise difference.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(.sub, lhs, rhs) }
    /// Elementwise product; logical and for two `bool` tensors, as in JAX.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        elementwise(lhs.dtype == .bool && rhs.dtype == .bool ? .and : .mul, lhs, rhs)
    }
    /// Elementwise quotient: true division, so integers give floats as in
    /// `jnp.true_divide`.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        let promoted = TypePromotion.resultType(lhs.promotionType, rhs.promotionType, x64: Configuration.x64)
        if promoted.elementType.isFloatingPoint { return elementwise(.div, lhs, rhs) }
        let float = TypePromotion.canonical(.float64, x64: Configuration.x64)
        return elementwise(.div, lhs.converted(to: float).weak(lhs.isWeak), rhs.converted(to: float).weak(rhs.isWeak))
    }
    /// Elementwise negation.
    public static prefix func - (operand: Tensor) -> Tensor { operand.unary(.neg) }

    /// Adds in place.
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    /// Subtracts in place.
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    /// Multiplies in place.
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    /// Divides in place.
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }
}

/// Pointwise comparisons, as in MLX Swift and Swift's SIMD types: `a .< b`
/// gives a `bool` tensor (JAX's `a < b`).
extension Tensor {
    /// Elementwise `==`.
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, "EQ") }
    /// Elementwise `!=`.
    public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, "NE") }
    /// Elementwise `<`.
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, "LT") }
    /// Elementwise `<=`.
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, "LE") }
    /// Elementwise `>`.
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, "GT") }
    /// Elementwise `>=`.
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, "GE") }

    private static func compare(_ lhs: Tensor, _ rhs: Tensor, _ direction: String) -> Tensor {
        elementwise(.compare, lhs, rhs, attributes: ["direction": .string(direction)], resultIsBool: true)
    }
}
