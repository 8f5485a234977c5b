/// `slice`: the elements from `start_indices` up to (not including)
/// `limit_indices`, every `strides`-th (default 1) in each dimension.
public struct Slice: ConfiguredOp {
    /// `slice`.
    public let name = "slice"

    /// The attributes: where the slice starts and ends and its step.
    public struct Configuration: OpConfiguration {
        /// The first index taken in each dimension.
        public var startIndices: [Int]
        /// The index each dimension stops before.
        public var limitIndices: [Int]
        /// The step in each dimension.
        public var strides: [Int]

        /// A slice; `strides` default to 1.
        public init(startIndices: [Int], limitIndices: [Int], strides: [Int]? = nil) {
            self.startIndices = startIndices
            self.limitIndices = limitIndices
            self.strides = strides ?? Array(repeating: 1, count: startIndices.count)
        }

        /// Reads `start_indices`, `limit_indices` and `strides` (ones when absent).
        public init(_ attributes: AttributeReader) throws {
            try self.init(startIndices: attributes.ints("start_indices"), limitIndices: attributes.ints("limit_indices"),
                          strides: attributes.ints("strides", default: nil))
        }

        /// The instruction attributes that hold it.
        public var attributes: Attributes {
            ["start_indices": .ints(startIndices), "limit_indices": .ints(limitIndices), "strides": .ints(strides)]
        }
    }

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
        let configuration = try configuration(of: context)
        let (starts, limits, strides) = (configuration.startIndices, configuration.limitIndices, configuration.strides)
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
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let configuration = try configuration(of: instruction)
        writer.operation("stablehlo.slice", instruction, properties: [
            "start_indices = \(StableHLOWriter.i64Array(configuration.startIndices))",
            "limit_indices = \(StableHLOWriter.i64Array(configuration.limitIndices))",
            "strides = \(StableHLOWriter.i64Array(configuration.strides))",
        ])
    }

    /// Slices a constant.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        let rank = operands[0].type.shape.count
        guard let configuration = try? configuration(of: instruction) else { return nil }
        let (starts, strides) = (configuration.startIndices, configuration.strides)
        return [operands[0].reindexed(into: instruction.resultTypes[0]) { index in
            Literal.position(of: (0..<rank).map { starts[$0] + index[$0] * strides[$0] }, in: operands[0].type.shape)
        }]
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
            let configuration = try configuration(e.attributes, at: e.location)
            let (starts, strides) = (configuration.startIndices, configuration.strides)
            let sizes = e.results[0].type.shape
            let high: [Int] = (0..<shape.count).map { axis in
                let end: Int = sizes[axis] == 0 ? starts[axis] : starts[axis] + (sizes[axis] - 1) * strides[axis] + 1
                return shape[axis] - end
            }
            let c = try e.cotangent()
            let zero = e.builder.constant(Literal.splat(.float(0), as: TensorType(c.type.elementType, [])), location: e.location)
            return [try e.apply(.pad, c, zero, attributes: Pad.Configuration(
                low: starts, high: high, interior: strides.map { $0 - 1 }).attributes)]
        }
    }
}

extension Slice {
    /// The whole batch dimension, then each example's slice.
    public var batching: Batching {
        .rule { e in
            let c = try configuration(e.attributes, at: e.location)
            return try e.leadingUnary(.slice, attributes: Configuration(
                startIndices: [0] + c.startIndices, limitIndices: [e.axisSize] + c.limitIndices, strides: [1] + c.strides).attributes)
        }
    }
}
