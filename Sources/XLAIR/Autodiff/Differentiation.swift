/// An op's reverse-mode rule: the cotangents of its operands (nil where
/// zero or not differentiable) from the cotangents of its results.
public typealias VJPRule = @Sendable (GradientEmitter) throws -> [Value?]

/// The reverse-mode rule of an op whose regions read values from outside
/// (branches, loops): the cotangents of its operands (nil where zero) and of
/// the floating-point values its regions capture (``Region/capturedValues``),
/// as pairs of captured value and cotangent.
public typealias CapturingVJPRule = @Sendable (GradientEmitter) throws
    -> (operands: [Value?], captured: [(value: Value, cotangent: Value)])

/// How an op takes part in differentiation.
public enum Differentiability: Sendable {
    /// The op has a reverse-mode rule.
    case differentiable(VJPRule)
    /// The op has regions that read outer values; its rule also gives
    /// their cotangents.
    case differentiableWithCaptures(CapturingVJPRule)
    /// Its outputs do not depend smoothly on its inputs (comparisons,
    /// rounding, integer ops, iota): every operand cotangent is zero.
    case zeroGradient
    /// Differentiating through it is an error naming the op; the reason
    /// says why it has no rule (for the reader: the error names the op).
    case notDifferentiable(because: String)
}

/// A rule for an elementwise op of one operand: the cotangent times the
/// derivative, which `derivative(e, x, y)` emits from the operand `x` and
/// the result `y`.
func elementwiseVJP(_ derivative: @escaping @Sendable (GradientEmitter, Value, Value) throws -> Value) -> Differentiability {
    .differentiable { e in
        [try e.mul(try e.cotangent(), try derivative(e, e.operands[0], e.results[0]))]
    }
}
