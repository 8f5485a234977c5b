/// `reduce`: combines elements over `dimensions` with one of the monoids
/// `sum`, `prod`, `max`, `min`, `and`, `or` (`kind`). Reducing an empty
/// dimension gives the monoid's identity (`-inf` for a float `max`).
public struct Reduce: ConfiguredOp {
    /// `reduce`.
    public let name = "reduce"

    /// The attributes: the reduced dimensions and the monoid.
    public struct Configuration: OpConfiguration {
        /// The dimensions combined away.
        public var dimensions: [Int]
        /// The monoid.
        public var kind: Kind

        /// A reduction of `dimensions` with `kind`.
        public init(dimensions: [Int], kind: Kind) { (self.dimensions, self.kind) = (dimensions, kind) }

        /// Reads `dimensions` and `kind`.
        public init(_ attributes: AttributeReader) throws {
            try self.init(dimensions: attributes.ints("dimensions"), kind: attributes.choice("kind"))
        }

        /// The instruction attributes that hold it.
        public var attributes: Attributes { ["dimensions": .ints(dimensions), "kind": .string(kind.rawValue)] }
    }

    /// The monoids a reduction combines with.
    public enum Kind: String, CaseIterable, Sendable {
        /// Addition, multiplication, the larger and the smaller element.
        case sum, prod, max, min
        /// Bitwise (logical for `bool`) and, or.
        case and, or

        /// The StableHLO op that combines two elements.
        var combiner: String {
            switch self {
            case .sum: "stablehlo.add"
            case .prod: "stablehlo.multiply"
            case .max: "stablehlo.maximum"
            case .min: "stablehlo.minimum"
            case .and: "stablehlo.and"
            case .or: "stablehlo.or"
            }
        }
    }

    /// `dimensions` and `kind`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("dimensions", .ints), AttributeSpec("kind", .string, allowedValues: Kind.allCases.map(\.rawValue))]
    }

    /// The operand without the reduced dimensions.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let configuration = try configuration(of: context)
        let domain: TypeDomain = switch configuration.kind {
        case .sum, .prod: .numeric
        case .and, .or: .integerOrBool
        case .max, .min: .any
        }
        _ = try context.sameTypes(in: domain)
        let dimensions = configuration.dimensions
        try context.checkDimensions(dimensions, rank: operand.shape.count, attribute: "dimensions")
        return [TensorType(operand.elementType, operand.shape.enumerated().filter { !dimensions.contains($0.offset) }.map(\.element))]
    }

    /// A `stablehlo.reduce` whose body applies the combiner, from the identity.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let configuration = try configuration(of: instruction)
        let (kind, dimensions) = (configuration.kind, configuration.dimensions)
        let operand = instruction.operands[0]
        let scalar = TensorType(operand.type.elementType, [])
        let initial = writer.constant(.splat(Reduce.identity(kind, operand.type.elementType), as: scalar))
        try writer.operation("stablehlo.reduce", results: [writer.name(instruction.results[0])],
                         operands: [(writer.name(operand), operand.type), (initial, scalar)],
                         resultTypes: instruction.resultTypes,
                         properties: ["dimensions = \(StableHLOWriter.i64Array(dimensions))"],
                         regions: [Reduce.combinerRegion(kind, scalar)])
    }

    /// The body of a `stablehlo.reduce` or `stablehlo.reduce_window` that
    /// combines two scalars with `kind`'s combiner.
    static func combinerRegion(_ kind: Kind, _ scalar: TensorType) -> (inout StableHLOWriter) -> Void {
        let combiner = kind.combiner
        return { body in
            let (a, b) = (body.temporary(), body.temporary())
            body.blockArguments([(a, scalar), (b, scalar)])
            let combined = body.temporary()
            body.operation(combiner, results: [combined], operands: [(a, scalar), (b, scalar)], resultTypes: [scalar])
            body.returnValues([(combined, scalar)])
        }
    }

    /// The identity of a combiner for an element type.
    static func identity(_ kind: Kind, _ type: ElementType) -> Scalar {
        switch kind {
        case .sum, .or: .int(0)
        case .prod: .int(1)
        case .and: .int(-1)
        case .max: lowest(type)
        case .min: highest(type)
        }
    }

    /// The smallest value of a type (`-inf` for floats).
    static func lowest(_ type: ElementType) -> Scalar {
        if type.isFloatingPoint { return .float(-.infinity) }
        return type.isSignedInteger ? .int(Int64.min >> Int64(64 - 8 * type.byteCount)) : .int(0)
    }

    /// The largest value of a type (`+inf` for floats).
    static func highest(_ type: ElementType) -> Scalar {
        if type.isFloatingPoint { return .float(.infinity) }
        return type.isSignedInteger ? .int(Int64.max >> Int64(64 - 8 * type.byteCount)) : .int(-1)
    }
}

extension Op {
    /// Reduction over dimensions; see ``Reduce``.
    public static let reduce = Op(Reduce())
}

extension Reduce {
    /// `sum`: the cotangent broadcast back. `max`/`min`: the cotangent
    /// shared evenly among the elements equal to the result (JAX's rule).
    /// `prod`: the cotangent times the product of the other elements, as
    /// JAX's, zeros included. `and`/`or` are not differentiable.
    public var differentiability: Differentiability {
        .differentiable { e in
            let operand = e.operands[0].type
            let configuration = try configuration(e.attributes, at: e.location)
            let reduced = configuration.dimensions
            let kept = (0..<operand.shape.count).filter { !reduced.contains($0) }
            let back = { (value: Value) in try e.broadcast(value, to: operand.shape, dimensions: kept) }
            switch configuration.kind {
            case .sum:
                return [try back(try e.cotangent())]
            case .max, .min:
                let chosen = try e.convert(try e.compare(e.operands[0], "EQ", try back(e.results[0])), to: operand.elementType)
                let count = try e.sum(chosen, dimensions: reduced)
                return [try e.mul(chosen, try back(try e.div(try e.cotangent(), count)))]
            case .prod:
                return [try e.mul(try back(try e.cotangent()), try Reduce.productOfOthers(e, reduced: reduced, back: back))]
            case .and, .or:
                return [nil]
            }
        }
    }

    /// For each element, the product of the others it was reduced with:
    /// `result / x` where `x` is nonzero (0 whenever another element is 0);
    /// where `x` is the only zero, the product of the nonzero elements; 0
    /// where there are several zeros. Dividing by `x` replaced with 1 at the
    /// zeros keeps NaN out of the unused branch and its derivative.
    private static func productOfOthers(_ e: GradientEmitter, reduced: [Int],
                                        back: (Value) throws -> Value) throws -> Value {
        let x = e.operands[0]
        let (zero, one) = (try e.zeros(x.type), try e.constant(1, x.type))
        let isZero = try e.compare(x, "EQ", zero)
        let nonzero = try e.select(isZero, one, x)
        let zeroCount = try back(try e.sum(try e.convert(isZero, to: x.type.elementType), dimensions: reduced))
        let nonzeroProduct = try back(try e.apply(.reduce, nonzero,
                                                  attributes: Configuration(dimensions: reduced, kind: .prod).attributes))
        let atZero = try e.select(try e.compare(zeroCount, "EQ", one), nonzeroProduct, zero)
        return try e.select(isZero, atZero, try e.div(try back(e.results[0]), nonzero))
    }
}

extension Reduce {
    /// The same reduction, past the batch dimension.
    public var batching: Batching {
        .rule { e in
            let c = try configuration(e.attributes, at: e.location)
            return try e.leadingUnary(.reduce, attributes: Configuration(dimensions: e.shifted(c.dimensions), kind: c.kind).attributes)
        }
    }
}
