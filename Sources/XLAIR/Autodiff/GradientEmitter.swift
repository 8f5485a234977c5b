/// What a reverse-mode rule sees and the arithmetic it emits with: the
/// instruction's operands and results (values in the function being built),
/// the cotangents of its results, and helpers that append instructions.
///
/// Rules write their math in terms of these helpers, so the gradient is IR
/// like any other and can itself be differentiated.
public struct GradientEmitter {
    /// The function being built.
    public let builder: FunctionBuilder
    /// The instruction's operands.
    public let operands: [Value]
    /// The instruction's results.
    public let results: [Value]
    /// The instruction's attributes.
    public let attributes: Attributes
    /// The instruction's regions (branches, a loop's condition and body).
    public let regions: [Region]
    /// The cotangent of each result; zero where nil.
    public let cotangents: [Value?]
    /// Where the instruction came from, for errors.
    public let location: String?
    /// For each value of the function being differentiated (by id), the value
    /// that stands for it in ``builder`` (rules that run user code need it
    /// to translate values that code captured).
    public let substitutions: [Int: Value]
    /// Values of the function being built, by id, that do not depend on
    /// what is differentiated: their cotangents are never read (see
    /// ``isActive(_:)``).
    public let inactive: Set<Int>
    /// In per-device code (`shardMap`): its mesh axes and what each value
    /// varies over (see ``ManualAxes``); nil elsewhere.
    public let manual: ManualAxes?

    /// Creates an emitter; ``ReverseModeTransformation`` makes one per instruction, and a
    /// rule may make one to apply another op's rule.
    public init(builder: FunctionBuilder, operands: [Value], results: [Value], attributes: Attributes,
                regions: [Region] = [], cotangents: [Value?], location: String?, substitutions: [Int: Value],
                inactive: Set<Int> = [], manual: ManualAxes? = nil) {
        self.inactive = inactive
        self.manual = manual
        self.builder = builder
        self.operands = operands
        self.results = results
        self.attributes = attributes
        self.regions = regions
        self.cotangents = cotangents
        self.location = location
        self.substitutions = substitutions
    }

    /// Whether `value` may depend on what is differentiated, so that its
    /// cotangent is needed (a rule with regions gives cotangents only to the
    /// outer values that are).
    public func isActive(_ value: Value) -> Bool {
        !inactive.contains(value.id)
    }

    /// The cotangent of the first result, materialized as zeros if nil.
    public func cotangent() throws -> Value {
        try cotangents[0] ?? zeros(results[0].type)
    }

    /// Appends `op` and returns its single result.
    public func apply(_ op: Op, _ operands: Value..., attributes: Attributes = [:]) throws -> Value {
        try builder.append(op, operands, attributes: attributes, location: location)[0]
    }

    /// `a + b`.
    public func add(_ a: Value, _ b: Value) throws -> Value { try apply(.add, a, b) }
    /// `a - b`.
    public func sub(_ a: Value, _ b: Value) throws -> Value { try apply(.sub, a, b) }
    /// `a * b`.
    public func mul(_ a: Value, _ b: Value) throws -> Value { try apply(.mul, a, b) }
    /// `a / b`.
    public func div(_ a: Value, _ b: Value) throws -> Value { try apply(.div, a, b) }
    /// `-a`.
    public func neg(_ a: Value) throws -> Value { try apply(.neg, a) }

    /// A tensor of `type` whose elements all equal `value`.
    public func constant(_ value: Double, _ type: TensorType) throws -> Value {
        try broadcast(try scalar(.float(value), type.elementType), to: type.shape, dimensions: [])
    }

    /// A rank-0 constant `value` of `elementType` (a padding or initial value).
    public func scalar(_ value: Scalar, _ elementType: ElementType) throws -> Value {
        builder.constant(Literal.splat(value, as: TensorType(elementType, [])), location: location)
    }

    /// Zeros of `type`.
    public func zeros(_ type: TensorType) throws -> Value { try constant(0, type) }

    /// `value` broadcast to `shape`, its dimensions landing on `dimensions`.
    public func broadcast(_ value: Value, to shape: [Int], dimensions: [Int]) throws -> Value {
        if value.type.shape == shape && dimensions == Array(0..<shape.count) { return value }
        return try apply(.broadcastInDim, value, attributes: ["shape": .ints(shape), "broadcast_dimensions": .ints(dimensions)])
    }

    /// The sum of `value` over `dimensions`.
    public func sum(_ value: Value, dimensions: [Int]) throws -> Value {
        if dimensions.isEmpty { return value }
        return try apply(.reduce, value, attributes: ["dimensions": .ints(dimensions), "kind": .string("sum")])
    }

    /// `value` reshaped to `shape`.
    public func reshape(_ value: Value, _ shape: [Int]) throws -> Value {
        if value.type.shape == shape { return value }
        return try apply(.reshape, value, attributes: ["shape": .ints(shape)])
    }

    /// `value` converted to `type`'s element type.
    public func convert(_ value: Value, to elementType: ElementType) throws -> Value {
        if value.type.elementType == elementType { return value }
        return try apply(.convert, value, attributes: ["element_type": .elementType(elementType)])
    }

    /// Elements of `onTrue` where `condition`, else of `onFalse`.
    public func select(_ condition: Value, _ onTrue: Value, _ onFalse: Value) throws -> Value {
        try apply(.select, condition, onTrue, onFalse)
    }

    /// `a <direction> b` as `bool` elements.
    public func compare(_ a: Value, _ direction: String, _ b: Value) throws -> Value {
        try apply(.compare, a, b, attributes: ["direction": .string(direction)])
    }
}
