/// `concatenate`: operands joined along `dimension`; all other dimensions
/// and the element type must agree.
public struct Concatenate: ConfiguredOp {
    /// `concatenate`.
    public let name = "concatenate"

    /// The attribute: the joined dimension.
    public struct Configuration: OpConfiguration {
        /// The dimension the operands are joined along.
        public var dimension: Int

        /// Joining along `dimension`.
        public init(dimension: Int) { self.dimension = dimension }

        /// Reads `dimension`.
        public init(_ attributes: AttributeReader) throws { dimension = try attributes.int("dimension") }

        /// The instruction attributes that hold it.
        public var attributes: Attributes { ["dimension": .int(dimension)] }
    }

    /// `dimension`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("dimension", .int)] }

    /// The joined type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        guard let first = context.operandTypes.first else { throw context.invalid("it needs at least one operand") }
        let dimension = try configuration(of: context).dimension
        try context.checkDimensions([dimension], rank: first.shape.count, attribute: "dimension")
        var shape = first.shape
        shape[dimension] = 0
        for type in context.operandTypes {
            var other = type.shape
            guard type.elementType == first.elementType, other.count == shape.count else {
                throw context.invalid("operands must have one element type and rank")
            }
            guard let sum = (CheckedSize(shape[dimension]) + other[dimension]).value else {
                throw context.invalid("the concatenated size overflows Int")
            }
            shape[dimension] = sum
            other[dimension] = sum
            guard other == shape else { throw context.invalid("operands differ outside dimension \(dimension)") }
        }
        return [TensorType(first.elementType, shape)]
    }

    /// `stablehlo.concatenate`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let dimension = try configuration(of: instruction).dimension
        writer.operation("stablehlo.concatenate", instruction, properties: ["dimension = \(dimension) : i64"])
    }

    /// Joins constants.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let dimension = try? configuration(of: instruction).dimension else { return nil }
        let offsets = operands.reduce(into: [0]) { $0.append($0.last! + $1.type.shape[dimension]) }
        let type = instruction.resultTypes[0]
        return [Literal.gathering(into: type) { position in
            var index = Literal.multiIndex(of: position, in: type.shape)
            let part = offsets.lastIndex(where: { $0 <= index[dimension] })!
            index[dimension] -= offsets[part]
            return (operands[part], Literal.position(of: index, in: operands[part].type.shape))
        }]
    }
}

extension Op {
    /// Joining along a dimension; see ``Concatenate``.
    public static let concatenate = Op(Concatenate())
}

extension Concatenate {
    /// The cotangent sliced back into the operands' pieces.
    public var differentiability: Differentiability {
        .differentiable { e in
            let dimension = try configuration(e.attributes, at: e.location).dimension
            let c = try e.cotangent()
            var start = 0
            return try e.operands.map { operand in
                var starts = Array(repeating: 0, count: c.type.shape.count)
                var limits = c.type.shape
                starts[dimension] = start
                limits[dimension] = start + operand.type.shape[dimension]
                start = limits[dimension]
                return try e.apply(.slice, c, attributes: ["start_indices": .ints(starts), "limit_indices": .ints(limits)])
            }
        }
    }
}

extension Concatenate {
    /// Every operand batched at the front; the same dimension past it.
    public var batching: Batching {
        .rule { e in
            let dimension = try configuration(e.attributes, at: e.location).dimension
            let leading = try e.operands.indices.map { try e.leading($0) }
            return try e.append(.concatenate, leading, attributes: Configuration(dimension: dimension + 1).attributes)
                .map { ($0, 0) }
        }
    }
}
