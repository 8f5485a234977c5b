/// Elementwise ops of two operands of one type: arithmetic, `max`/`min`,
/// `atan2`, `next_after`, bitwise logic and shifts.
///
/// Operands must have equal types (broadcasting and promotion are the
/// tracer's job). Integer and bool arithmetic (but `pow`), `max`, `min`,
/// logic and shifts fold, with XLA's wrapping, division and shift rules.
public struct BinaryElementwise: OpDefinition {
    /// The function it computes, which keys its gradient rule.
    public let function: BinaryFunction
    /// The StableHLO or CHLO op it lowers to.
    public let target: String
    /// The element types it accepts.
    public let domain: TypeDomain
    let integerRule: (@Sendable (Int64, Int64, ElementType) -> Int64)?

    init(_ function: BinaryFunction, _ target: String, _ domain: TypeDomain,
         integerRule: (@Sendable (Int64, Int64, ElementType) -> Int64)? = nil) {
        self.function = function
        self.target = target
        self.domain = domain
        self.integerRule = integerRule
    }

    /// The IR name.
    public var name: String { function.rawValue }

    /// The operands' common type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        return [try context.sameTypes(in: domain)]
    }

    /// One op of ``target``.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation(target, instruction)
    }

    /// Applies the integer rule, if any, to integer constants.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let integerRule else { return nil }
        return foldIntegers(operands, into: instruction.resultTypes[0]) { integerRule($0[0], $0[1], $1) }
    }

    /// Whether `a < b` in the order of `type` (unsigned for unsigned types).
    static func less(_ a: Int64, _ b: Int64, _ type: ElementType) -> Bool {
        type.isUnsignedInteger ? UInt64(bitPattern: a) < UInt64(bitPattern: b) : a < b
    }

    /// XLA's integer division: truncating, `x / 0 == -1` (all ones),
    /// `INT_MIN / -1 == INT_MIN`.
    static func divide(_ a: Int64, _ b: Int64, _ type: ElementType) -> Int64 {
        if b == 0 { return -1 }
        if type.isUnsignedInteger { return Int64(bitPattern: UInt64(bitPattern: a) / UInt64(bitPattern: b)) }
        return a.dividedReportingOverflow(by: b).partialValue
    }

    /// XLA's integer remainder: the dividend's sign, `x % 0 == x`,
    /// `INT_MIN % -1 == 0`.
    static func remainder(_ a: Int64, _ b: Int64, _ type: ElementType) -> Int64 {
        if b == 0 { return a }
        if type.isUnsignedInteger { return Int64(bitPattern: UInt64(bitPattern: a) % UInt64(bitPattern: b)) }
        return a.remainderReportingOverflow(dividingBy: b).partialValue
    }

    /// XLA's shifts: the amount is read as unsigned, an arithmetic shift
    /// copies the top bit of the type's width (for unsigned types too), and
    /// shifting by the width or more gives 0 (or the sign for an
    /// arithmetic shift).
    static func shift(_ a: Int64, _ b: Int64, _ type: ElementType, left: Bool, arithmetic: Bool) -> Int64 {
        let width = UInt64(type.byteCount * 8)
        let mask: UInt64 = width == 64 ? ~0 : (1 << width) - 1
        let amount = UInt64(bitPattern: b) & mask
        let signed = (a << (64 - width)) >> (64 - width)
        guard amount < width else { return arithmetic && signed < 0 ? -1 : 0 }
        if left { return a << amount }
        return arithmetic ? signed >> amount : Int64(bitPattern: (UInt64(bitPattern: a) & mask) >> amount)
    }
}

extension Op {
    /// `x + y`.
    public static let add = Op(BinaryElementwise(.add, "stablehlo.add", .numeric, integerRule: { a, b, _ in a &+ b }))
    /// `x - y`.
    public static let sub = Op(BinaryElementwise(.sub, "stablehlo.subtract", .numeric, integerRule: { a, b, _ in a &- b }))
    /// `x * y`.
    public static let mul = Op(BinaryElementwise(.mul, "stablehlo.multiply", .numeric, integerRule: { a, b, _ in a &* b }))
    /// `x / y`; integers truncate toward zero (`x / 0` is -1, `INT_MIN / -1` is `INT_MIN`).
    public static let div = Op(BinaryElementwise(.div, "stablehlo.divide", .numeric, integerRule: BinaryElementwise.divide))
    /// The remainder with the dividend's sign (`x % 0` is `x`).
    public static let rem = Op(BinaryElementwise(.rem, "stablehlo.remainder", .numeric, integerRule: BinaryElementwise.remainder))
    /// `xʸ`.
    public static let pow = Op(BinaryElementwise(.pow, "stablehlo.power", .numeric))
    /// The larger element (NaN if either is NaN).
    public static let max = Op(BinaryElementwise(.max, "stablehlo.maximum", .any, integerRule: {
        BinaryElementwise.less($0, $1, $2) ? $1 : $0
    }))
    /// The smaller element (NaN if either is NaN).
    public static let min = Op(BinaryElementwise(.min, "stablehlo.minimum", .any, integerRule: {
        BinaryElementwise.less($0, $1, $2) ? $0 : $1
    }))
    /// The angle of the point `(y, x)` = `atan2(y, x)`, operands in that order.
    public static let atan2 = Op(BinaryElementwise(.atan2, "stablehlo.atan2", .float))
    /// The next representable value after `x` toward `y` (CHLO).
    public static let nextAfter = Op(BinaryElementwise(.nextAfter, "chlo.next_after", .float))
    /// Bitwise (logical for `bool`) and.
    public static let and = Op(BinaryElementwise(.and, "stablehlo.and", .integerOrBool, integerRule: { a, b, _ in a & b }))
    /// Bitwise (logical for `bool`) or.
    public static let or = Op(BinaryElementwise(.or, "stablehlo.or", .integerOrBool, integerRule: { a, b, _ in a | b }))
    /// Bitwise (logical for `bool`) exclusive or.
    public static let xor = Op(BinaryElementwise(.xor, "stablehlo.xor", .integerOrBool, integerRule: { a, b, _ in a ^ b }))
    /// `x << y` (0 once `y` reaches the bit width).
    public static let shiftLeft = Op(BinaryElementwise(.shiftLeft, "stablehlo.shift_left", .integer, integerRule: {
        BinaryElementwise.shift($0, $1, $2, left: true, arithmetic: false)
    }))
    /// `x >> y` filling with zeros.
    public static let shiftRightLogical = Op(BinaryElementwise(.shiftRightLogical, "stablehlo.shift_right_logical", .integer,
                                                               integerRule: {
        BinaryElementwise.shift($0, $1, $2, left: false, arithmetic: false)
    }))
    /// `x >> y` filling with the sign bit.
    public static let shiftRightArithmetic = Op(BinaryElementwise(.shiftRightArithmetic, "stablehlo.shift_right_arithmetic",
                                                                  .integer, integerRule: {
        BinaryElementwise.shift($0, $1, $2, left: false, arithmetic: true)
    }))
}

/// The functions ``BinaryElementwise`` computes, by IR name.
public enum BinaryFunction: String, CaseIterable, Sendable {
    /// Arithmetic, `max`/`min` and `atan2` (see the ``Op`` constants).
    case add, sub, mul, div, rem, pow, max, min, atan2
    /// The next representable value toward the second operand.
    case nextAfter = "next_after"
    /// Bitwise logic.
    case and, or, xor
    /// Shifts.
    case shiftLeft = "shift_left", shiftRightLogical = "shift_right_logical"
    /// The shift that copies the sign bit.
    case shiftRightArithmetic = "shift_right_arithmetic"
}

extension BinaryElementwise {
    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}
