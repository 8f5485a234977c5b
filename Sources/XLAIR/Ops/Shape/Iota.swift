/// `iota`: a tensor of `shape` and `element_type` counting 0, 1, 2, ...
/// along `dimension`.
public struct Iota: ConfiguredOp {
    /// `iota`.
    public let name = "iota"

    /// The attributes: the result's type and the counting dimension.
    public struct Configuration: OpConfiguration {
        /// The result's shape.
        public var shape: [Int]
        /// The dimension along which the values count.
        public var dimension: Int
        /// The result's element type.
        public var elementType: ElementType

        /// Reads `shape`, `dimension` and `element_type`.
        public init(_ attributes: AttributeReader) throws {
            shape = try attributes.ints("shape")
            dimension = try attributes.int("dimension")
            elementType = try attributes.elementType("element_type")
        }
    }

    /// `shape`, `dimension` and `element_type`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("shape", .ints), AttributeSpec("dimension", .int), AttributeSpec("element_type", .elementType)]
    }

    /// The requested type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(0)
        let configuration = try configuration(of: context)
        let (shape, elementType) = (configuration.shape, configuration.elementType)
        guard shape.allSatisfy({ $0 >= 0 }) else { throw context.invalidAttribute("shape", "\(shape) has a negative size") }
        try context.checkDimensions([configuration.dimension], rank: shape.count, attribute: "dimension")
        guard elementType != .bool else { throw context.invalidAttribute("element_type", "iota cannot count in bool") }
        let result = TensorType(elementType, shape)
        guard let count = result.checkedElementCount, count < Iota.elementLimit else {
            throw context.invalidAttribute("shape", "\(result) has 2^37 elements or more, which XLA cannot count (it crashes)")
        }
        return [result]
    }

    /// The element count from which XLA's CPU compiler crashes (a
    /// floating-point exception) on an iota, as JAX's `lax.iota` does.
    public static let elementLimit = 1 << 37

    /// `stablehlo.iota`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let dimension = try configuration(of: instruction).dimension
        writer.operation("stablehlo.iota", instruction, properties: ["iota_dimension = \(dimension) : i64"])
    }

    /// The counted values.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let dimension = try? configuration(of: instruction).dimension else { return nil }
        let type = instruction.resultTypes[0]
        return [Literal(type: type, bitPatterns: (0..<type.elementCount).map { position in
            Scalar.int(Int64(Literal.multiIndex(of: position, in: type.shape)[dimension])).bits(as: type.elementType)
        })]
    }
}

extension Op {
    /// Counting along a dimension; see ``Iota``.
    public static let iota = Op(Iota())
}

extension Iota {
    /// Not differentiable: every operand cotangent is zero.
    public var differentiability: Differentiability { .zeroGradient }

    /// Never batched: it has no operands and no regions, so it never reads a
    /// batched value.
    public var batching: Batching { .notBatchable(because: "it reads no values") }
}
