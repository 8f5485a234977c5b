/// `call`: runs another function of the module, named by `callee`, on the
/// operands. The ``Inlining`` pass replaces calls by the callee's body.
/// A call to a function with effects must be marked effectful
/// (``FunctionBuilder`` does so; the ``Verifier`` checks it).
public struct Call: ConfiguredOp {
    /// `call`.
    public let name = "call"

    /// The attribute: the called function's name.
    public struct Configuration: OpConfiguration {
        /// The function's name in the module.
        public var callee: String

        /// Reads `callee`.
        public init(_ attributes: AttributeReader) throws { callee = try attributes.string("callee") }
    }

    /// `callee`, the function's name.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("callee", .string)] }

    /// The callee's result types.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let callee = try configuration(of: context).callee
        guard let type = context.functionTypes[callee] else {
            throw IRError.invalidStructure(reason: "call names @\(callee), which the module does not define",
                                           location: context.location)
        }
        guard type.parameters == context.operandTypes else {
            throw context.invalid("@\(callee) takes (\(type.parameters.map(\.description).joined(separator: ", ")))")
        }
        return type.results
    }

    /// `func.call @callee(...)`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let callee = try configuration(of: instruction).callee
        let operands = writer.operands(instruction)
        let results = instruction.results.map(writer.name).joined(separator: ", ")
        writer.line((results.isEmpty ? "" : results + " = ") + "func.call @\(callee)("
            + operands.map(\.name).joined(separator: ", ") + ") : ("
            + operands.map(\.type.description).joined(separator: ", ") + ") -> ("
            + instruction.resultTypes.map(\.description).joined(separator: ", ") + ")")
    }
}

extension Op {
    /// A function call; see ``Call``.
    public static let call = Op(Call())
}

extension Call {
    /// Never differentiated: ``Inlining`` replaces calls by their callee's
    /// body before any transformation runs.
    public var differentiability: Differentiability { .notDifferentiable(because: "calls are inlined before differentiation") }

    /// Never batched, for the same reason.
    public var batching: Batching { .notBatchable(because: "calls are inlined before batching") }
}
