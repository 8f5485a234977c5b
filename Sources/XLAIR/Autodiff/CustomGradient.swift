/// An identity on its last `resultCount` operands whose reverse-mode rule
/// is supplied when it is created: the IR form of custom derivatives
/// (`customVJP`, `customJVP`) and of rematerialization.
///
/// The operands before the mirrored ones (the function's inputs and the
/// residuals its rule needs) only feed the rule. Each use creates its own op
/// (a unique ``name``), so the rule may capture whatever it needs.
public struct CustomGradient: OpDefinition {
    /// A unique name, `custom_gradient_N`.
    public let name: String
    /// How many trailing operands are passed through as results.
    public let resultCount: Int
    private let rule: VJPRule

    /// Creates the op; `rule` sees the operands (inputs, residuals, outputs)
    /// and the results' cotangents, and returns one cotangent per operand.
    public init(name: String, resultCount: Int, rule: @escaping VJPRule) {
        self.name = name
        self.resultCount = resultCount
        self.rule = rule
    }

    /// The types of the mirrored operands.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        guard context.operandTypes.count >= resultCount else {
            throw context.invalid("it mirrors its last \(resultCount) operands but has \(context.operandTypes.count)")
        }
        return Array(context.operandTypes.suffix(resultCount))
    }

    /// One `stablehlo.reshape` to the same type per result, which XLA removes.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        let mirrored = instruction.operands.suffix(resultCount)
        for (result, operand) in zip(instruction.results, mirrored) {
            writer.operation("stablehlo.reshape", results: [writer.name(result)],
                             operands: [(writer.name(operand), operand.type)], resultTypes: [result.type])
        }
    }

    /// The rule given at creation.
    public var differentiability: Differentiability { .differentiable(rule) }
}

extension CustomGradient {
    /// Batched like an identity on its mirrored operands. The rule was
    /// written for one example, so the batched op cannot be differentiated:
    /// `grad(vmap(f))` through a custom derivative or `remat` is a clear
    /// error (differentiate inside instead: `vmap(grad(f))`).
    public var batching: Batching {
        .rule { e in
            let name = self.name
            let batched = CustomGradient(name: name + "_batched", resultCount: resultCount) { e in
                throw IRError.notDifferentiable(
                    op: "\(name) (a custom derivative or remat) after vmap; use vmap(grad(f)) rather than grad(vmap(f)) here",
                    location: e.location)
            }
            let operands = try e.operands.indices.map { try e.leading($0) }
            return try e.append(Op(batched), operands, attributes: e.attributes).map { ($0, 0) }
        }
    }
}
