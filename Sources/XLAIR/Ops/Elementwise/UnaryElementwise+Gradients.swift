/// Reverse-mode rules of the one-operand elementwise ops, as JAX defines
/// their derivatives (`x` the operand, `y` the result).
extension UnaryElementwise {
    /// The rule of this op's function.
    public var differentiability: Differentiability { function.differentiability }
}

extension UnaryFunction {
    /// The reverse-mode rule, one case per function (the compiler checks
    /// that every function has one).
    var differentiability: Differentiability {
        switch self {
        case .neg:
            .differentiable { e in [try e.neg(try e.cotangent())] }
        case .abs:
            // JAX's convention at the kink: abs'(0) = 1.
            .differentiable { e in
                let (x, c) = (e.operands[0], try e.cotangent())
                return [try e.select(try e.compare(x, "GE", try e.zeros(x.type)), c, try e.neg(c))]
            }
        case .exp:
            elementwiseVJP { _, _, y in y }
        case .expm1:
            elementwiseVJP { e, _, y in try e.add(y, try e.constant(1, y.type)) }
        case .log:
            .differentiable { e in [try e.div(try e.cotangent(), e.operands[0])] }
        case .log1p:
            .differentiable { e in
                [try e.div(try e.cotangent(), try e.add(e.operands[0], try e.constant(1, e.operands[0].type)))]
            }
        case .sqrt:
            .differentiable { e in
                [try e.div(try e.mul(try e.cotangent(), try e.constant(0.5, e.results[0].type)), e.results[0])]
            }
        case .rsqrt:
            elementwiseVJP { e, x, y in try e.mul(try e.constant(-0.5, x.type), try e.div(y, x)) }
        case .cbrt:
            elementwiseVJP { e, x, y in try e.div(y, try e.mul(try e.constant(3, x.type), x)) }
        case .tanh:
            elementwiseVJP { e, _, y in
                try e.mul(try e.add(try e.constant(1, y.type), y), try e.sub(try e.constant(1, y.type), y))
            }
        case .sin:
            elementwiseVJP { e, x, _ in try e.apply(.cos, x) }
        case .cos:
            elementwiseVJP { e, x, _ in try e.neg(try e.apply(.sin, x)) }
        case .tan:
            elementwiseVJP { e, _, y in try e.add(try e.constant(1, y.type), try e.mul(y, y)) }
        case .erf:
            elementwiseVJP { e, x, _ in
                try e.mul(try e.constant(2 / Double.pi.squareRoot(), x.type), try e.apply(.exp, try e.neg(try e.mul(x, x))))
            }
        case .erfc:
            elementwiseVJP { e, x, _ in
                try e.mul(try e.constant(-2 / Double.pi.squareRoot(), x.type), try e.apply(.exp, try e.neg(try e.mul(x, x))))
            }
        case .erfInv:
            elementwiseVJP { e, _, y in
                try e.mul(try e.constant(Double.pi.squareRoot() / 2, y.type), try e.apply(.exp, try e.mul(y, y)))
            }
        case .sign, .floor, .ceil, .roundNearestAfz, .roundNearestEven, .isFinite, .not, .popcnt:
            .zeroGradient
        }
    }
}
