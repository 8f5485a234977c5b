/// `select(pred, onTrue, onFalse)`: picks elements by a `bool` predicate of
/// the same shape, or a scalar predicate that picks whole operands.
///
/// Folds for any element type: it only moves elements.
public struct Select: OpDefinition {
    /// `select`.
    public let name = "select"

    /// The type of the branches.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(3)
        let (predicate, onTrue, onFalse) = (context.operandTypes[0], context.operandTypes[1], context.operandTypes[2])
        guard predicate.elementType == .bool else { throw context.invalid("the predicate must have bool elements") }
        guard onTrue == onFalse else { throw context.invalid("both branches must have the same type") }
        guard predicate.shape.isEmpty || predicate.shape == onTrue.shape else {
            throw context.invalid("the predicate must be a scalar or have the branches' shape")
        }
        return [onTrue]
    }

    /// `stablehlo.select`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.select", instruction)
    }

    /// Picks elements of constant branches.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        let (predicate, onTrue, onFalse) = (operands[0], operands[1], operands[2])
        let picks = (0..<onTrue.elementCount).map { index in
            predicate.bytes[predicate.elementCount == 1 ? 0 : index] != 0
        }
        return [Literal.gathering(into: onTrue.type) { index in picks[index] ? (onTrue, index) : (onFalse, index) }]
    }
}

extension Op {
    /// Elementwise choice; see ``Select``.
    public static let select = Op(Select())
}

extension Select {
    /// The cotangent goes to the branch each element came from.
    public var differentiability: Differentiability {
        .differentiable { e in
            let (predicate, c) = (e.operands[0], try e.cotangent())
            let zero = try e.zeros(c.type)
            return [nil, try e.select(predicate, c, zero), try e.select(predicate, zero, c)]
        }
    }
}

extension Select {
    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}
