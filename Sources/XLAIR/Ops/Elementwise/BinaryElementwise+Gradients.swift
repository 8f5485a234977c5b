/// Reverse-mode rules of the two-operand elementwise ops, as JAX defines
/// their derivatives (`a`, `b` the operands, `y` the result).
extension BinaryElementwise {
    /// The rule of this op's function.
    public var differentiability: Differentiability { function.differentiability }
}

extension BinaryFunction {
    /// The reverse-mode rule, one case per function (the compiler checks
    /// that every function has one).
    var differentiability: Differentiability {
        switch self {
        case .add:
            .differentiable { e in let c = try e.cotangent(); return [c, c] }
        case .sub:
            .differentiable { e in let c = try e.cotangent(); return [c, try e.neg(c)] }
        case .mul:
            .differentiable { e in
                let c = try e.cotangent()
                return [try e.mul(c, e.operands[1]), try e.mul(e.operands[0], c)]
            }
        case .div:
            .differentiable { e in
                // JAX's order of rounding: c / b, and -((c · b⁻²) · a) with b⁻² = 1 / (b · b)
                // (`integer_pow(b, -2)`), not -(c / b) · y, which rounds otherwise.
                let (a, b) = (e.operands[0], e.operands[1])
                let c = try e.cotangent()
                let inverseSquare = try e.div(try e.constant(1, b.type), try e.mul(b, b))
                return [try e.div(c, b), try e.neg(try e.mul(try e.mul(c, inverseSquare), a))]
            }
        case .rem:
            .differentiable { e in
                // d(a rem b)/db = -trunc(a / b).
                let c = try e.cotangent()
                let quotient = try e.div(e.operands[0], e.operands[1])
                let truncated = try e.mul(try e.apply(.sign, quotient), try e.apply(.floor, try e.apply(.abs, quotient)))
                return [c, try e.neg(try e.mul(c, truncated))]
            }
        case .pow:
            .differentiable(Self.powVJP)
        case .max, .min:
            .differentiable { e in try Self.chooserVJP(e) }
        case .atan2:
            .differentiable { e in
                // atan2(a, b): d/da = b / (a² + b²), d/db = -a / (a² + b²).
                let (a, b) = (e.operands[0], e.operands[1])
                let scale = try e.div(try e.cotangent(), try e.add(try e.mul(a, a), try e.mul(b, b)))
                return [try e.mul(scale, b), try e.neg(try e.mul(scale, a))]
            }
        case .nextAfter, .and, .or, .xor, .shiftLeft, .shiftRightLogical, .shiftRightArithmetic:
            .zeroGradient
        }
    }

    /// `max`/`min`: the cotangent goes to the operand that was chosen, split
    /// evenly on ties (JAX's balanced rule).
    private static func chooserVJP(_ e: GradientEmitter) throws -> [Value?] {
        let (a, b, y) = (e.operands[0], e.operands[1], e.results[0])
        let c = try e.cotangent()
        let (one, half, zero) = (try e.constant(1, y.type), try e.constant(0.5, y.type), try e.zeros(y.type))
        let aChosen = try e.compare(a, "EQ", y), bChosen = try e.compare(b, "EQ", y)
        let aShare = try e.select(aChosen, try e.select(bChosen, half, one), zero)
        let bShare = try e.select(bChosen, try e.select(aChosen, half, one), zero)
        return [try e.mul(c, aShare), try e.mul(c, bShare)]
    }

    /// `aᵇ`: d/da = b·aᵇ⁻¹ (0 where b = 0), d/db = log(a)·aᵇ with log(0)
    /// read as 0, as JAX does.
    private static let powVJP: VJPRule = { e in
        let (a, b, y) = (e.operands[0], e.operands[1], e.results[0])
        let c = try e.cotangent()
        let (one, zero) = (try e.constant(1, y.type), try e.zeros(y.type))
        let aPower = try e.select(try e.compare(b, "EQ", zero), zero,
                                  try e.mul(b, try e.apply(.pow, a, try e.sub(b, one))))
        let safeA = try e.select(try e.compare(a, "EQ", zero), one, a)
        return [try e.mul(c, aPower), try e.mul(c, try e.mul(try e.apply(.log, safeA), y))]
    }
}
