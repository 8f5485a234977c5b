/// `argmax` and `argmin`: the index of the largest or smallest element
/// along `dimension`, as `index_type`; the first one wins ties, and NaN
/// counts as the extreme (as NumPy). Lowered as a variadic `reduce` over
/// the values and an `iota`.
public struct ArgReduce: ConfiguredOp {
    /// `argmax` or `argmin`.
    public let name: String
    /// The comparison that makes a value better: `GT` or `LT`.
    let direction: String

    /// The attributes: the reduced dimension and the index type.
    public struct Configuration: OpConfiguration {
        /// The dimension searched.
        public var dimension: Int
        /// The result's integer element type.
        public var indexType: ElementType

        /// Reads `dimension` and `index_type`.
        public init(_ attributes: AttributeReader) throws {
            dimension = try attributes.int("dimension")
            indexType = try attributes.elementType("index_type")
        }
    }

    /// `dimension` and `index_type`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("dimension", .int), AttributeSpec("index_type", .elementType)]
    }

    /// The operand without `dimension`, with `index_type` elements.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let configuration = try configuration(of: context)
        let dimension = configuration.dimension
        try context.checkDimensions([dimension], rank: operand.shape.count, attribute: "dimension")
        guard operand.shape[dimension] > 0 else { throw context.invalid("dimension \(dimension) is empty") }
        let indexType = configuration.indexType
        guard indexType.isInteger else { throw context.invalidAttribute("index_type", "it must be an integer type") }
        var shape = operand.shape
        shape.remove(at: dimension)
        return [TensorType(indexType, shape)]
    }

    /// A two-operand `stablehlo.reduce` picking (value, index) pairs.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let dimension = try configuration(of: instruction).dimension
        let operand = instruction.operands[0]
        let result = instruction.results[0]
        let valueType = TensorType(operand.type.elementType, [])
        let indexType = TensorType(result.type.elementType, [])
        let iotaType = TensorType(indexType.elementType, operand.type.shape)
        let iota = writer.temporary()
        writer.operation("stablehlo.iota", results: [iota], operands: [], resultTypes: [iotaType],
                         properties: ["iota_dimension = \(dimension) : i64"])
        let extreme = direction == "GT" ? Reduce.lowest(valueType.elementType) : Reduce.highest(valueType.elementType)
        let initialValue = writer.constant(.splat(extreme, as: valueType))
        let initialIndex = writer.constant(.splat(.int(0), as: indexType))
        try writer.operation("stablehlo.reduce", results: [writer.temporary(), writer.name(result)],
                         operands: [(writer.name(operand), operand.type), (iota, iotaType),
                                    (initialValue, valueType), (initialIndex, indexType)],
                         resultTypes: [TensorType(valueType.elementType, result.type.shape), result.type],
                         properties: ["dimensions = \(StableHLOWriter.i64Array([dimension]))"],
                         regions: [{ body in pick(&body, valueType, indexType) }])
    }

    /// The reducer body: keep `a` when it is better, or equally good with a
    /// smaller index.
    private func pick(_ body: inout StableHLOWriter, _ valueType: TensorType, _ indexType: TensorType) {
        let (a, ai, b, bi) = (body.temporary(), body.temporary(), body.temporary(), body.temporary())
        body.blockArguments([(a, valueType), (ai, indexType), (b, valueType), (bi, indexType)])
        var better = body.compare(direction, (a, valueType), (b, valueType))
        var equal = body.compare("EQ", (a, valueType), (b, valueType))
        if valueType.elementType.isFloatingPoint {
            let aIsNaN = body.compare("NE", (a, valueType), (a, valueType))
            let bIsNaN = body.compare("NE", (b, valueType), (b, valueType))
            let bIsNumber = body.logical("stablehlo.not", [bIsNaN])
            better = body.logical("stablehlo.or", [better, body.logical("stablehlo.and", [aIsNaN, bIsNumber])])
            equal = body.logical("stablehlo.or", [equal, body.logical("stablehlo.and", [aIsNaN, bIsNaN])])
        }
        let earlier = body.compare("LT", (ai, indexType), (bi, indexType))
        let keepA = body.logical("stablehlo.or", [better, body.logical("stablehlo.and", [equal, earlier])])
        let flag = TensorType(.bool, [])
        let (value, index) = (body.temporary(), body.temporary())
        body.operation("stablehlo.select", results: [value], operands: [(keepA, flag), (a, valueType), (b, valueType)],
                       resultTypes: [valueType])
        body.operation("stablehlo.select", results: [index], operands: [(keepA, flag), (ai, indexType), (bi, indexType)],
                       resultTypes: [indexType])
        body.returnValues([(value, valueType), (index, indexType)])
    }
}

extension StableHLOWriter {
    /// Writes a scalar `stablehlo.compare` and returns its name.
    mutating func compare(_ direction: String, _ a: (name: String, type: TensorType),
                          _ b: (name: String, type: TensorType)) -> String {
        let result = temporary()
        operation("stablehlo.compare", results: [result], operands: [a, b], resultTypes: [TensorType(.bool, [])],
                  properties: ["comparison_direction = #stablehlo<comparison_direction \(direction)>",
                               "compare_type = #stablehlo<comparison_type \(Compare.defaultType(for: a.type.elementType))>"])
        return result
    }

    /// Writes a scalar boolean op over named `i1` values and returns its name.
    mutating func logical(_ name: String, _ operands: [String]) -> String {
        let flag = TensorType(.bool, [])
        let result = temporary()
        operation(name, results: [result], operands: operands.map { ($0, flag) }, resultTypes: [flag])
        return result
    }
}

extension Op {
    /// The index of the largest element; see ``ArgReduce``.
    public static let argmax = Op(ArgReduce(name: "argmax", direction: "GT"))
    /// The index of the smallest element; see ``ArgReduce``.
    public static let argmin = Op(ArgReduce(name: "argmin", direction: "LT"))
}

extension ArgReduce {
    /// Not differentiable: every operand cotangent is zero.
    public var differentiability: Differentiability { .zeroGradient }
}

extension ArgReduce {
    /// The same dimension, past the batch dimension.
    public var batching: Batching {
        .rule { e in
            var attributes = e.attributes
            attributes["dimension"] = .int(try configuration(e.attributes, at: e.location).dimension + 1)
            return try e.leadingUnary(Op(self), attributes: attributes)
        }
    }
}
