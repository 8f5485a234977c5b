/// Elementwise ops of one operand: arithmetic, transcendental functions,
/// rounding, bitwise `not`, `popcnt` and `is_finite`.
///
/// The result has the operand's type (`bool` elements for `is_finite`).
/// Only integer `neg`, `abs`, `sign` and `not` fold.
public struct UnaryElementwise: OpDefinition {
    /// The function it computes, which keys its gradient rule.
    public let function: UnaryFunction
    /// The StableHLO or CHLO op it lowers to.
    public let target: String
    /// The element types it accepts.
    public let domain: TypeDomain
    /// Whether the result holds `bool` elements.
    public let resultIsBool: Bool
    let integerRule: (@Sendable (Int64) -> Int64)?

    init(_ function: UnaryFunction, _ target: String, _ domain: TypeDomain, resultIsBool: Bool = false,
         integerRule: (@Sendable (Int64) -> Int64)? = nil) {
        self.function = function
        self.target = target
        self.domain = domain
        self.resultIsBool = resultIsBool
        self.integerRule = integerRule
    }

    /// The IR name.
    public var name: String { function.rawValue }

    /// The operand's type, or its shape with `bool` elements.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let type = try context.sameTypes(in: domain)
        return [resultIsBool ? TensorType(.bool, type.shape) : type]
    }

    /// One op of ``target``.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation(target, instruction)
    }

    /// Applies the integer rule, if any, to integer constants.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let integerRule else { return nil }
        return foldIntegers(operands, into: instruction.resultTypes[0]) { values, _ in integerRule(values[0]) }
    }
}

extension Op {
    /// `-x`.
    public static let neg = Op(UnaryElementwise(.neg, "stablehlo.negate", .numeric, integerRule: { 0 &- $0 }))
    /// `|x|` (`abs(INT_MIN)` wraps to `INT_MIN`).
    public static let abs = Op(UnaryElementwise(.abs, "stablehlo.abs", .signedOrFloat,
                                                integerRule: { $0 < 0 ? 0 &- $0 : $0 }))
    /// -1, 0 or 1 (NaN for NaN, ±0 for ±0).
    public static let sign = Op(UnaryElementwise(.sign, "stablehlo.sign", .signedOrFloat,
                                                 integerRule: { $0.signum() }))
    /// `eˣ`.
    public static let exp = Op(UnaryElementwise(.exp, "stablehlo.exponential", .float))
    /// `eˣ - 1`, accurate near 0.
    public static let expm1 = Op(UnaryElementwise(.expm1, "stablehlo.exponential_minus_one", .float))
    /// The natural logarithm.
    public static let log = Op(UnaryElementwise(.log, "stablehlo.log", .float))
    /// `log(1 + x)`, accurate near 0.
    public static let log1p = Op(UnaryElementwise(.log1p, "stablehlo.log_plus_one", .float))
    /// The square root.
    public static let sqrt = Op(UnaryElementwise(.sqrt, "stablehlo.sqrt", .float))
    /// `1 / sqrt(x)`.
    public static let rsqrt = Op(UnaryElementwise(.rsqrt, "stablehlo.rsqrt", .float))
    /// The cube root.
    public static let cbrt = Op(UnaryElementwise(.cbrt, "stablehlo.cbrt", .float))
    /// The hyperbolic tangent.
    public static let tanh = Op(UnaryElementwise(.tanh, "stablehlo.tanh", .float))
    /// `1 / (1 + e⁻ˣ)`; see ``Logistic``.
    public static let logistic = Op(Logistic())
    /// The sine.
    public static let sin = Op(UnaryElementwise(.sin, "stablehlo.sine", .float))
    /// The cosine.
    public static let cos = Op(UnaryElementwise(.cos, "stablehlo.cosine", .float))
    /// The tangent.
    public static let tan = Op(UnaryElementwise(.tan, "stablehlo.tan", .float))
    /// The error function (CHLO, as JAX lowers it).
    public static let erf = Op(UnaryElementwise(.erf, "chlo.erf", .float))
    /// The complementary error function `1 - erf(x)`, accurate where it is
    /// small (CHLO, as JAX lowers `lax.erfc`).
    public static let erfc = Op(UnaryElementwise(.erfc, "chlo.erfc", .float))
    /// The inverse error function (CHLO, as JAX lowers it).
    public static let erfInv = Op(UnaryElementwise(.erfInv, "chlo.erf_inv", .float))
    /// Rounds toward -∞.
    public static let floor = Op(UnaryElementwise(.floor, "stablehlo.floor", .float))
    /// Rounds toward +∞.
    public static let ceil = Op(UnaryElementwise(.ceil, "stablehlo.ceil", .float))
    /// Rounds to nearest, ties away from zero.
    public static let roundNearestAfz = Op(UnaryElementwise(.roundNearestAfz, "stablehlo.round_nearest_afz", .float))
    /// Rounds to nearest, ties to even.
    public static let roundNearestEven = Op(UnaryElementwise(.roundNearestEven, "stablehlo.round_nearest_even", .float))
    /// Whether each element is neither infinite nor NaN.
    public static let isFinite = Op(UnaryElementwise(.isFinite, "stablehlo.is_finite", .float, resultIsBool: true))
    /// Bitwise not (logical not for `bool`).
    public static let not = Op(UnaryElementwise(.not, "stablehlo.not", .integerOrBool, integerRule: { ~$0 }))
    /// The number of set bits.
    public static let popcnt = Op(UnaryElementwise(.popcnt, "stablehlo.popcnt", .integer))
}

/// The functions ``UnaryElementwise`` computes, by IR name.
public enum UnaryFunction: String, CaseIterable, Sendable {
    /// Arithmetic and transcendental functions (see the ``Op`` constants).
    case neg, abs, sign, exp, expm1, log, log1p, sqrt, rsqrt, cbrt, tanh, sin, cos, tan, erf, erfc
    /// The inverse error function.
    case erfInv = "erf_inv"
    /// Rounding toward -∞ and +∞.
    case floor, ceil
    /// Rounding to nearest, ties away from zero.
    case roundNearestAfz = "round_nearest_afz"
    /// Rounding to nearest, ties to even.
    case roundNearestEven = "round_nearest_even"
    /// Whether an element is neither infinite nor NaN.
    case isFinite = "is_finite"
    /// Bitwise not and the count of set bits.
    case not, popcnt
}

extension UnaryElementwise {
    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}
