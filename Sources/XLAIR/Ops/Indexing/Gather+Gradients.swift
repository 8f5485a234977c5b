extension Gather {
    /// The cotangent scatter-added into zeros at the same indices (the
    /// gather's transpose). As in JAX's `promise_in_bounds` mode, the
    /// cotangent of a block whose start was clamped is dropped; the tensor
    /// layer's `clip` and `fill` modes clamp or mask before the gather, so
    /// their gradients are exact. Indices get none.
    public var differentiability: Differentiability {
        .differentiable { e in
            let dims = try configuration(e.attributes, at: e.location)
            let back = try e.builder.scatter(try e.zeros(e.operands[0].type), e.operands[1], try e.cotangent(),
                                             dims.inverse(kind: .add), location: e.location)
            return [back, nil]
        }
    }
}
