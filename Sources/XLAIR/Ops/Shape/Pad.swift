/// `pad(x, value)`: `x` with `edge_padding_low`/`edge_padding_high`
/// elements of the scalar `value` added at each end of each dimension
/// (negative values crop) and `interior_padding` between elements.
public struct Pad: ConfiguredOp {
    /// `pad`.
    public let name = "pad"

    /// The attributes: the padding at each end of each dimension and between elements.
    public struct Configuration: OpConfiguration {
        /// Elements added before each dimension (negative crops).
        public var low: [Int]
        /// Elements added after each dimension (negative crops).
        public var high: [Int]
        /// Elements added between neighbouring elements of each dimension.
        public var interior: [Int]

        /// A padding.
        public init(low: [Int], high: [Int], interior: [Int]) {
            (self.low, self.high, self.interior) = (low, high, interior)
        }

        /// Reads `edge_padding_low`, `edge_padding_high` and `interior_padding`.
        public init(_ attributes: AttributeReader) throws {
            try self.init(low: attributes.ints("edge_padding_low"), high: attributes.ints("edge_padding_high"),
                          interior: attributes.ints("interior_padding"))
        }

        /// The instruction attributes that hold it.
        public var attributes: Attributes {
            ["edge_padding_low": .ints(low), "edge_padding_high": .ints(high), "interior_padding": .ints(interior)]
        }
    }

    /// `edge_padding_low`, `edge_padding_high`, `interior_padding`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("edge_padding_low", .ints), AttributeSpec("edge_padding_high", .ints),
         AttributeSpec("interior_padding", .ints)]
    }

    /// The padded type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        let (operand, value) = (context.operandTypes[0], context.operandTypes[1])
        guard value == TensorType(operand.elementType, []) else {
            throw context.invalid("the padding value must be a scalar of the operand's element type")
        }
        let rank = operand.shape.count
        let configuration = try configuration(of: context)
        let (low, high, interior) = (configuration.low, configuration.high, configuration.interior)
        for (attribute, values) in [("edge_padding_low", low), ("edge_padding_high", high), ("interior_padding", interior)] {
            try context.checkLength(values, rank: rank, attribute: attribute)
        }
        guard interior.allSatisfy({ $0 >= 0 }) else { throw context.invalidAttribute("interior_padding", "it must not be negative") }
        let sizes = (0..<rank).map { dimension in
            let size = operand.shape[dimension]
            return CheckedSize(low[dimension]) + high[dimension] + size + CheckedSize(Swift.max(size - 1, 0)) * interior[dimension]
        }
        guard let shape = sizes.values else { throw context.invalid("a padded size overflows Int") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw context.invalid("the padding crops more than the operand holds") }
        return [TensorType(operand.elementType, shape)]
    }

    /// `stablehlo.pad`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let c = try configuration(of: instruction)
        writer.operation("stablehlo.pad", instruction, properties: [
            "edge_padding_low = \(StableHLOWriter.i64Array(c.low))", "edge_padding_high = \(StableHLOWriter.i64Array(c.high))",
            "interior_padding = \(StableHLOWriter.i64Array(c.interior))",
        ])
    }
}

extension Op {
    /// Padding; see ``Pad``.
    public static let pad = Op(Pad())
}

extension Pad {
    /// The operand's cotangent is the slice of the cotangent it was placed
    /// at; the padding value's is the sum of the rest.
    public var differentiability: Differentiability {
        .differentiable { e in
            let shape = e.results[0].type.shape
            let configuration = try configuration(e.attributes, at: e.location)
            let (low, high, interior) = (configuration.low, configuration.high, configuration.interior)
            guard (low + high).allSatisfy({ $0 >= 0 }) else {
                throw IRError.notDifferentiable(op: "pad with negative padding", location: e.location)
            }
            let c = try e.cotangent()
            let operand = try e.apply(.slice, c, attributes: Slice.Configuration(
                startIndices: low, limitIndices: (0..<shape.count).map { shape[$0] - high[$0] },
                strides: interior.map { $0 + 1 }).attributes)
            let all = Array(0..<shape.count)
            let padding = try e.sub(try e.sum(c, dimensions: all), try e.sum(operand, dimensions: all))
            return [operand, padding]
        }
    }
}

extension Pad {
    /// No padding along the batch dimension; a batched padding value has no
    /// rule yet.
    public var batching: Batching {
        .rule { e in
            guard e.operands[1].batchDimension == nil else {
                throw IRError.notBatchable(op: "pad with a batched padding value", location: e.location)
            }
            let c = try configuration(e.attributes, at: e.location)
            return try e.append(.pad, [try e.leading(0), e.operands[1].value], attributes: Configuration(
                low: [0] + c.low, high: [0] + c.high, interior: [0] + c.interior).attributes).map { ($0, 0) }
        }
    }
}
