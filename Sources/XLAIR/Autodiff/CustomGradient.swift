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
    /// Batched like an identity on its mirrored operands, every operand
    /// moved (or broadcast) to a leading batch dimension. The batched op's
    /// rule is this op's rule batched, as `jax.custom_vjp` batches its
    /// backward function: the rule is emitted for one example into a region,
    /// and the region is batched over the examples. So `grad(vmap(f))`
    /// works through custom derivatives and `remat`.
    public var batching: Batching {
        .rule { e in
            let operands = try e.operands.indices.map { try e.leading($0) }
            let batched = CustomGradient(name: name + "_batched", resultCount: resultCount,
                                         rule: batchedRule(axisSize: e.axisSize, axisName: e.axisName))
            return try e.append(Op(batched), operands, attributes: e.attributes).map { ($0, 0) }
        }
    }

    /// ``rule`` for operands and cotangents that have a leading batch
    /// dimension of `axisSize`; the cotangents it gives have one too.
    ///
    /// The rule was made for the unbatched function, whose values the
    /// differentiated function does not hold, so it gets no substitutions:
    /// user code that captured a per-example value fails as an escaped
    /// tracer instead of reading an unrelated value.
    private func batchedRule(axisSize: Int, axisName: String?) -> VJPRule {
        let (rule, resultCount) = (self.rule, self.resultCount)
        return { e in
            let exampleTypes = e.operands.map { TensorType($0.type.elementType, Array($0.type.shape.dropFirst())) }
            let cotangents = try e.results.indices.map { try e.cotangents[$0] ?? e.zeros(e.results[$0].type) }
            var given: [Bool] = []
            let example = try e.builder.region(arguments: exampleTypes + exampleTypes.suffix(resultCount)) { arguments in
                let operands = Array(arguments.prefix(exampleTypes.count))
                let emitter = GradientEmitter(builder: e.builder, operands: operands, results: Array(operands.suffix(resultCount)),
                                              attributes: e.attributes, cotangents: arguments.suffix(resultCount).map { $0 },
                                              location: e.location, substitutions: [:])
                let exampleCotangents = try rule(emitter)
                given = exampleCotangents.map { $0 != nil }
                return exampleCotangents.compactMap { $0 }
            }
            var batched = try BatchingTransformation.batch(inlined: example, arguments: e.operands + cotangents, axisSize: axisSize,
                                                 axisName: axisName, into: e.builder).makeIterator()
            return given.map { $0 ? batched.next() : nil }
        }
    }
}
