import XLAIR

extension Tensor {
    /// Applies a binary elementwise op after JAX's dtype promotion and NumPy
    /// broadcasting. `resultDType` overrides the result's element type
    /// (comparisons give `bool`).
    static func elementwise(_ op: Op, _ lhs: Tensor, _ rhs: Tensor, attributes: Attributes = [:],
                            resultIsBool: Bool = false, location: String? = nil) -> Tensor {
        let promoted = TypePromotion.resultType(lhs.promotionType, rhs.promotionType, x64: Configuration.x64)
        let resultDType: ElementType = resultIsBool ? .bool : promoted.elementType
        guard let shape = broadcastShapes(lhs.shape, rhs.shape) else {
            return invalid(op.name, [lhs, rhs], "shapes \(lhs.shape) and \(rhs.shape) cannot be broadcast together",
                           location: location, result: TensorType(resultDType, lhs.shape))
        }
        let a = lhs.converted(to: promoted.elementType).broadcast(to: shape)
        let b = rhs.converted(to: promoted.elementType).broadcast(to: shape)
        return apply(op, [a, b], attributes: attributes, location: location, fallback: TensorType(resultDType, shape))
            .weak(!resultIsBool && promoted.isWeak)
    }

    /// Applies a unary elementwise op that keeps the dtype.
    func unary(_ op: Op, location: String? = nil) -> Tensor {
        Tensor.apply(op, [self], location: location, fallback: type).weak(isWeak)
    }

    /// Applies a unary float op; integer and bool inputs are promoted to a
    /// float type first, as `jnp.exp(1)` gives a float.
    func floatUnary(_ op: Op, location: String? = nil) -> Tensor {
        let input = dtype.isFloatingPoint ? self : converted(to: isWeak ? .float32 : TypePromotion.resultType(
            promotionType, PromotionType(.float32, weak: true), x64: Configuration.x64).elementType).weak(isWeak)
        return input.unary(op, location: location)
    }
}
