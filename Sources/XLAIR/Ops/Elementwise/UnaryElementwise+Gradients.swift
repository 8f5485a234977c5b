/// Reverse-mode rules of the one-operand elementwise ops, as JAX defines
/// their derivatives (`x` the operand, `y` the result).
extension UnaryElementwise {
    /// The rule registered for this op's name.
    public var differentiability: Differentiability { UnaryElementwise.gradients[name] ?? .missing }

    static let gradients: [String: Differentiability] = [
        "neg": .differentiable { e in [try e.neg(try e.cotangent())] },
        // JAX's convention at the kink: abs'(0) = 1.
        "abs": .differentiable { e in
            let (x, c) = (e.operands[0], try e.cotangent())
            return [try e.select(try e.compare(x, "GE", try e.zeros(x.type)), c, try e.neg(c))]
        },
        "exp": elementwiseVJP { _, _, y in y },
        "expm1": elementwiseVJP { e, _, y in try e.add(y, try e.constant(1, y.type)) },
        "log": .differentiable { e in [try e.div(try e.cotangent(), e.operands[0])] },
        "log1p": .differentiable { e in
            [try e.div(try e.cotangent(), try e.add(e.operands[0], try e.constant(1, e.operands[0].type)))]
        },
        "sqrt": .differentiable { e in
            [try e.div(try e.mul(try e.cotangent(), try e.constant(0.5, e.results[0].type)), e.results[0])]
        },
        "rsqrt": elementwiseVJP { e, x, y in try e.mul(try e.constant(-0.5, x.type), try e.div(y, x)) },
        "cbrt": elementwiseVJP { e, x, y in try e.div(y, try e.mul(try e.constant(3, x.type), x)) },
        "tanh": elementwiseVJP { e, _, y in
            try e.mul(try e.add(try e.constant(1, y.type), y), try e.sub(try e.constant(1, y.type), y))
        },
        "sin": elementwiseVJP { e, x, _ in try e.apply(.cos, x) },
        "cos": elementwiseVJP { e, x, _ in try e.neg(try e.apply(.sin, x)) },
        "tan": elementwiseVJP { e, _, y in try e.add(try e.constant(1, y.type), try e.mul(y, y)) },
        "erf": elementwiseVJP { e, x, _ in
            try e.mul(try e.constant(2 / Double.pi.squareRoot(), x.type), try e.apply(.exp, try e.neg(try e.mul(x, x))))
        },
        "erfc": elementwiseVJP { e, x, _ in
            try e.mul(try e.constant(-2 / Double.pi.squareRoot(), x.type), try e.apply(.exp, try e.neg(try e.mul(x, x))))
        },
        "erf_inv": elementwiseVJP { e, _, y in
            try e.mul(try e.constant(Double.pi.squareRoot() / 2, y.type), try e.apply(.exp, try e.mul(y, y)))
        },
        "sign": .zeroGradient, "floor": .zeroGradient, "ceil": .zeroGradient, "round_nearest_afz": .zeroGradient,
        "round_nearest_even": .zeroGradient, "is_finite": .zeroGradient, "not": .zeroGradient, "popcnt": .zeroGradient,
    ]
}
