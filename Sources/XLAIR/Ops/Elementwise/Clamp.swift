/// `clamp(min, x, max)`: `x` limited to `[min, max]` elementwise; `min` and
/// `max` are scalars or have `x`'s shape. Integer constants fold.
public struct Clamp: OpDefinition {
    /// `clamp`.
    public let name = "clamp"

    /// The type of `x`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(3)
        let (low, operand, high) = (context.operandTypes[0], context.operandTypes[1], context.operandTypes[2])
        for bound in [low, high] {
            guard bound.elementType == operand.elementType, bound.shape.isEmpty || bound.shape == operand.shape else {
                throw context.invalid("the bounds must have x's element type and be scalars or have x's shape")
            }
        }
        guard operand.elementType != .bool else { throw context.invalid("it needs numeric elements, not bool") }
        return [operand]
    }

    /// `stablehlo.clamp`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.clamp", instruction)
    }

    /// Clamps integer constants.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        let type = instruction.resultTypes[0]
        let expanded = operands.map { $0.elementCount == type.elementCount ? $0 : .splat($0.scalar(at: 0), as: type) }
        return foldIntegers([expanded[1], expanded[0], expanded[2]], into: type) { values, elementType in
            let raised = BinaryElementwise.less(values[0], values[1], elementType) ? values[1] : values[0]
            return BinaryElementwise.less(values[2], raised, elementType) ? values[2] : raised
        }
    }
}

extension Op {
    /// Elementwise clamping; see ``Clamp``.
    public static let clamp = Op(Clamp())
}

extension Clamp {
    /// No rule: the tracer never emits `clamp` (its `clip` is `max` then
    /// `min`, which have rules); only IR text or a direct builder can.
    public var differentiability: Differentiability {
        .notDifferentiable(because: "the tracer's clip is built from max and min, which have rules")
    }
}

extension Clamp {
    /// The operand batched at the front; an unbatched scalar bound stays a
    /// scalar, any other bound is batched and broadcast to the operand's shape.
    public var batching: Batching {
        .rule { e in
            let operand = try e.leading(1)
            let bounds = try [0, 2].map { index -> Value in
                let (value, dimension) = e.operands[index]
                if dimension == nil && value.type.shape.isEmpty { return value }
                let leading = try e.leading(index)
                guard leading.type.shape != operand.type.shape else { return leading }
                return try e.append(.broadcastInDim, [leading], attributes: [
                    "shape": .ints(operand.type.shape), "broadcast_dimensions": .ints(Array(0..<leading.type.shape.count)),
                ])[0]
            }
            return try e.append(.clamp, [bounds[0], operand, bounds[1]], attributes: e.attributes).map { ($0, 0) }
        }
    }
}
