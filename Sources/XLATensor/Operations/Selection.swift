import XLAIR

/// Elements of `onTrue` where `condition` is true, else of `onFalse`
/// (`jnp.where`), with broadcasting and dtype promotion.
public func select(_ condition: Tensor, _ onTrue: Tensor, _ onFalse: Tensor,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    let promoted = TypePromotion.resultType(onTrue.promotionType, onFalse.promotionType, x64: Configuration.x64)
    guard let shape = broadcastShapes(condition.shape, onTrue.shape).flatMap({ broadcastShapes($0, onFalse.shape) }) else {
        return .invalid("select", [condition, onTrue, onFalse],
                        "shapes \(condition.shape), \(onTrue.shape) and \(onFalse.shape) cannot be broadcast together",
                        location: location(file, line), result: TensorType(promoted.elementType, onTrue.shape))
    }
    return Tensor.apply(.select, [condition.converted(to: .bool).broadcast(to: shape),
                                  onTrue.converted(to: promoted.elementType).broadcast(to: shape),
                                  onFalse.converted(to: promoted.elementType).broadcast(to: shape)],
                        location: location(file, line), fallback: TensorType(promoted.elementType, shape))
        .weak(promoted.isWeak)
}

extension Tensor {
    /// The elements limited to `[min, max]` (`jnp.clip`); either bound may be nil.
    public func clipped(min lower: Tensor? = nil, max upper: Tensor? = nil) -> Tensor {
        var result = self
        if let lower { result = maximum(result, lower) }
        if let upper { result = minimum(result, upper) }
        return result
    }
}
