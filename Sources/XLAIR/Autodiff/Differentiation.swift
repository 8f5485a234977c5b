/// An op's reverse-mode rule: the cotangents of its operands (nil where
/// zero or not differentiable) from the cotangents of its results.
public typealias VJPRule = @Sendable (GradientEmitter) throws -> [Value?]

/// How an op takes part in differentiation.
public enum Differentiability: Sendable {
    /// The op has a reverse-mode rule.
    case differentiable(VJPRule)
    /// Its outputs do not depend smoothly on its inputs (comparisons,
    /// rounding, integer ops, iota): every operand cotangent is zero.
    case zeroGradient
    /// No rule yet: differentiating through it is an error naming the op.
    case missing
}

extension OpDefinition {
    /// No rule by default; ops override ``differentiability``.
    public var differentiability: Differentiability { .missing }
}

/// A rule for an elementwise op of one operand: the cotangent times the
/// derivative, which `derivative(e, x, y)` emits from the operand `x` and
/// the result `y`.
func elementwiseVJP(_ derivative: @escaping @Sendable (GradientEmitter, Value, Value) throws -> Value) -> Differentiability {
    .differentiable { e in
        [try e.mul(try e.cotangent(), try derivative(e, e.operands[0], e.results[0]))]
    }
}
