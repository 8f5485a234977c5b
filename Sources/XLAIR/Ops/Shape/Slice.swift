/// `slice`: the elements from `start_indices` up to (not including)
/// `limit_indices`, every `strides`-th (default 1) in each dimension.
public struct Slice: OpDefinition {
    /// `slice`.
    public let name = "slice"

    /// `start_indices`, `limit_indices` and optional `strides`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("start_indices", .ints), AttributeSpec("limit_indices", .ints),
         AttributeSpec("strides", .ints, required: false)]
    }

    /// The sliced type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let rank = operand.shape.count
        let (starts, limits) = (context.ints("start_indices"), context.ints("limit_indices"))
        let strides = Slice.strides(context.attributes, rank)
        try context.checkLength(starts, rank: rank, attribute: "start_indices")
        try context.checkLength(limits, rank: rank, attribute: "limit_indices")
        try context.checkLength(strides, rank: rank, attribute: "strides")
        var shape: [Int] = []
        for dimension in 0..<rank {
            let (start, limit, stride) = (starts[dimension], limits[dimension], strides[dimension])
            guard 0 <= start, start <= limit, limit <= operand.shape[dimension], stride >= 1 else {
                throw context.invalid("slice \(start)..<\(limit) step \(stride) does not fit dimension \(dimension) of size \(operand.shape[dimension])")
            }
            shape.append(Slice.count(from: start, to: limit, stride: stride))
        }
        return [TensorType(operand.elementType, shape)]
    }

    /// How many indices of `start..<limit` a slice with `stride` (≥ 1)
    /// takes; no step overflows, whatever the stride.
    static func count(from start: Int, to limit: Int, stride: Int) -> Int {
        limit <= start ? 0 : (limit - start - 1) / stride + 1
    }

    /// `stablehlo.slice`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        let rank = instruction.operands[0].type.shape.count
        let attributes = instruction.attributes
        writer.operation("stablehlo.slice", instruction, properties: [
            "start_indices = \(StableHLOWriter.i64Array(attributes.ints("start_indices") ?? []))",
            "limit_indices = \(StableHLOWriter.i64Array(attributes.ints("limit_indices") ?? []))",
            "strides = \(StableHLOWriter.i64Array(Slice.strides(attributes, rank)))",
        ])
    }

    /// Slices a constant.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        let rank = operands[0].type.shape.count
        let starts = instruction.attributes.ints("start_indices") ?? []
        let strides = Slice.strides(instruction.attributes, rank)
        return [operands[0].reindexed(into: instruction.resultTypes[0]) { index in
            Literal.position(of: (0..<rank).map { starts[$0] + index[$0] * strides[$0] }, in: operands[0].type.shape)
        }]
    }

    /// The strides, 1 in every dimension when absent.
    private static func strides(_ attributes: Attributes, _ rank: Int) -> [Int] {
        attributes.ints("strides") ?? Array(repeating: 1, count: rank)
    }
}

extension Op {
    /// Static slicing; see ``Slice``.
    public static let slice = Op(Slice())
}

extension Slice {
    /// The cotangent padded with zeros back to the operand's shape (interior
    /// padding fills the strides' gaps).
    public var differentiability: Differentiability {
        .differentiable { e in
            let shape = e.operands[0].type.shape
            let starts = e.attributes.ints("start_indices") ?? []
            let strides = e.attributes.ints("strides") ?? Array(repeating: 1, count: shape.count)
            let sizes = e.results[0].type.shape
            let high: [Int] = (0..<shape.count).map { axis in
                let end: Int = sizes[axis] == 0 ? starts[axis] : starts[axis] + (sizes[axis] - 1) * strides[axis] + 1
                return shape[axis] - end
            }
            let c = try e.cotangent()
            let zero = e.builder.constant(Literal.splat(.float(0), as: TensorType(c.type.elementType, [])), location: e.location)
            return [try e.apply(.pad, c, zero, attributes: [
                "edge_padding_low": .ints(starts), "edge_padding_high": .ints(high),
                "interior_padding": .ints(strides.map { $0 - 1 }),
            ])]
        }
    }
}

extension Slice {
    /// The whole batch dimension, then each example's slice.
    public var batching: Batching {
        .rule { e in
            // The unbatched rank: one start index per dimension.
            let rank = e.attributes.ints("start_indices")?.count ?? 0
            return try e.leadingUnary(.slice, attributes: [
                "start_indices": e.prepending(0, to: "start_indices"),
                "limit_indices": e.prepending(e.axisSize, to: "limit_indices"),
                "strides": .ints([1] + (e.attributes.ints("strides") ?? Array(repeating: 1, count: rank))),
            ])
        }
    }
}
