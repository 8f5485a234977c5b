/// `pad(x, value)`: `x` with `edge_padding_low`/`edge_padding_high`
/// elements of the scalar `value` added at each end of each dimension
/// (negative values crop) and `interior_padding` between elements.
public struct Pad: OpDefinition {
    /// `pad`.
    public let name = "pad"

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
        let (low, high, interior) = (context.ints("edge_padding_low"), context.ints("edge_padding_high"),
                                     context.ints("interior_padding"))
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
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        let properties = attributeSchema.map { spec in
            "\(spec.name) = \(StableHLOWriter.i64Array(instruction.attributes.ints(spec.name) ?? []))"
        }
        writer.operation("stablehlo.pad", instruction, properties: properties)
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
            let low = e.attributes.ints("edge_padding_low") ?? []
            let high = e.attributes.ints("edge_padding_high") ?? []
            let interior = e.attributes.ints("interior_padding") ?? []
            guard (low + high).allSatisfy({ $0 >= 0 }) else {
                throw IRError.notDifferentiable(op: "pad with negative padding", location: e.location)
            }
            let c = try e.cotangent()
            let operand = try e.apply(.slice, c, attributes: [
                "start_indices": .ints(low), "limit_indices": .ints((0..<shape.count).map { shape[$0] - high[$0] }),
                "strides": .ints(interior.map { $0 + 1 }),
            ])
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
            return try e.append(.pad, [try e.leading(0), e.operands[1].value], attributes: [
                "edge_padding_low": e.prepending(0, to: "edge_padding_low"),
                "edge_padding_high": e.prepending(0, to: "edge_padding_high"),
                "interior_padding": e.prepending(0, to: "interior_padding"),
            ]).map { ($0, 0) }
        }
    }
}
