/// `broadcast_in_dim`: expands an operand to `shape`; operand dimension
/// `i` becomes result dimension `broadcast_dimensions[i]`, and must have
/// that size or 1.
public struct BroadcastInDim: ConfiguredOp {
    /// `broadcast_in_dim`.
    public let name = "broadcast_in_dim"

    /// The attributes: the result's shape and where the operand's dimensions go.
    public struct Configuration: OpConfiguration {
        /// The result's shape.
        public var shape: [Int]
        /// Operand dimension `i` becomes result dimension `broadcastDimensions[i]`.
        public var broadcastDimensions: [Int]

        /// A broadcast to `shape`.
        public init(shape: [Int], broadcastDimensions: [Int]) {
            (self.shape, self.broadcastDimensions) = (shape, broadcastDimensions)
        }

        /// Reads `shape` and `broadcast_dimensions`.
        public init(_ attributes: AttributeReader) throws {
            try self.init(shape: attributes.ints("shape"), broadcastDimensions: attributes.ints("broadcast_dimensions"))
        }

        /// The instruction attributes that hold it.
        public var attributes: Attributes { ["shape": .ints(shape), "broadcast_dimensions": .ints(broadcastDimensions)] }
    }

    /// `shape` and `broadcast_dimensions`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("shape", .ints), AttributeSpec("broadcast_dimensions", .ints)]
    }

    /// The operand's element type with `shape`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let configuration = try configuration(of: context)
        let (shape, dimensions) = (configuration.shape, configuration.broadcastDimensions)
        try context.checkLength(dimensions, rank: operand.shape.count, attribute: "broadcast_dimensions")
        try context.checkDimensions(dimensions, rank: shape.count, attribute: "broadcast_dimensions")
        for (size, dimension) in zip(operand.shape, dimensions) where size != 1 && size != shape[dimension] {
            throw context.invalid("operand size \(size) cannot broadcast to size \(shape[dimension]) in dimension \(dimension)")
        }
        return [TensorType(operand.elementType, shape)]
    }

    /// `stablehlo.broadcast_in_dim`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let dimensions = try configuration(of: instruction).broadcastDimensions
        writer.operation("stablehlo.broadcast_in_dim", instruction,
                         properties: ["broadcast_dimensions = \(StableHLOWriter.i64Array(dimensions))"])
    }

    /// Broadcasts a constant.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let dimensions = try? configuration(of: instruction).broadcastDimensions else { return nil }
        let operand = operands[0]
        return [operand.reindexed(into: instruction.resultTypes[0]) { index in
            let source = zip(operand.type.shape, dimensions).map { size, dimension in size == 1 ? 0 : index[dimension] }
            return Literal.position(of: source, in: operand.type.shape)
        }]
    }
}

extension Op {
    /// Broadcasting; see ``BroadcastInDim``.
    public static let broadcastInDim = Op(BroadcastInDim())
}

extension BroadcastInDim {
    /// The cotangent summed over the dimensions the broadcast added or
    /// stretched, then laid out as the operand.
    public var differentiability: Differentiability {
        .differentiable { e in
            let operand = e.operands[0].type.shape
            let result = e.results[0].type.shape
            let mapped = try configuration(e.attributes, at: e.location).broadcastDimensions
            let stretched = mapped.enumerated().filter { operand[$0.offset] == 1 && result[$0.element] != 1 }.map(\.element)
            let summed = (0..<result.count).filter { !mapped.contains($0) } + stretched
            let reduced = try e.sum(try e.cotangent(), dimensions: summed.sorted())
            // The kept dimensions, in result order, are the operand's in the order of `mapped`.
            let kept = (0..<result.count).filter { !summed.contains($0) }
            let order = mapped.enumerated().filter { kept.contains($0.element) }.sorted { $0.element < $1.element }.map(\.offset)
            var value = reduced
            if order != order.sorted() {
                let permutation = order.enumerated().sorted { $0.element < $1.element }.map(\.offset)
                value = try e.apply(.transpose, value, attributes: ["permutation": .ints(permutation)])
            }
            return [try e.reshape(value, operand)]
        }
    }
}

extension BroadcastInDim {
    /// The batch dimension leads the result too.
    public var batching: Batching {
        .rule { e in
            let c = try configuration(e.attributes, at: e.location)
            return try e.leadingUnary(.broadcastInDim, attributes: Configuration(
                shape: [e.axisSize] + c.shape, broadcastDimensions: [0] + e.shifted(c.broadcastDimensions)).attributes)
        }
    }
}
