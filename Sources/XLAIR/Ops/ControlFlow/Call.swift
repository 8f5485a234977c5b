/// `call`: runs another function of the module, named by `callee`, on the
/// operands. The ``Inlining`` pass replaces calls by the callee's body.
/// A call to a function with effects must be marked effectful
/// (``FunctionBuilder`` does so; the ``Verifier`` checks it).
public struct Call: OpDefinition {
    /// `call`.
    public let name = "call"

    /// `callee`, the function's name.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("callee", .string)] }

    /// The callee's result types.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let callee = context.string("callee")!
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
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        guard let callee = instruction.attributes.string("callee") else { return }
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
