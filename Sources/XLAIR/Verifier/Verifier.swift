/// Checks that a program is well formed: every instruction's attributes,
/// regions and result types agree with its op's rule (which rejects result
/// types XLA cannot hold, see ``TensorType/sizeProblem``), no argument has
/// such a type, every operand is
/// defined before its use in a visible scope, each value is defined once,
/// and effect flags are set wherever the op or a nested instruction has
/// effects.
///
/// Errors name the position the way ``Program/irText`` numbers values:
/// `@main, %3` (or the user's location when the instruction has one).
public struct Verifier {
    private var functionName = ""
    private var numbers: [Int: Int] = [:]
    private var visible: Set<Int> = []
    private var instructionCount = 0

    /// Verifies a program.
    ///
    /// - Throws: the first ``IRError`` found.
    public static func verify(_ program: Program) throws {
        var names = Set<String>()
        for function in program.functions where !names.insert(function.name).inserted {
            throw IRError.invalidStructure(reason: "@\(function.name) is defined twice", location: nil)
        }
        var verifier = Verifier()
        for function in program.functions { try verifier.verify(function) }
    }

    private mutating func verify(_ function: Function) throws {
        functionName = function.name
        numbers = [:]
        visible = []
        instructionCount = 0
        if let bad = function.donatedParameters.first(where: { !function.body.arguments.indices.contains($0) }) {
            throw IRError.invalidStructure(reason: "donated parameter \(bad) does not exist", location: "@\(function.name)")
        }
        try region(function.body)
    }

    private mutating func region(_ region: Region) throws {
        let outer = visible
        for argument in region.arguments {
            try define(argument)
            if let problem = argument.type.sizeProblem {
                throw IRError.invalidStructure(reason: "argument \(name(argument)) of type \(argument.type) \(problem)",
                                               location: "@\(functionName)")
            }
        }
        for instruction in region.instructions { try self.instruction(instruction) }
        for value in region.returns where !visible.contains(value.id) {
            throw IRError.undefinedValue(op: "return", value: name(value), location: "@\(functionName)")
        }
        visible = outer
    }

    private mutating func instruction(_ instruction: Instruction) throws {
        instructionCount += 1
        let position = instruction.results.isEmpty ? "instruction \(instructionCount)" : "%\(numbers.count)"
        let location = instruction.location ?? "@\(functionName), \(position)"
        for operand in instruction.operands where !visible.contains(operand.id) {
            throw IRError.undefinedValue(op: instruction.op.name, value: name(operand), location: location)
        }
        for result in instruction.results { try number(result) }
        for nested in instruction.regions { try region(nested) }
        let context = InferenceContext(op: instruction.op.name, operandTypes: instruction.operands.map(\.type),
                                       attributes: instruction.attributes, regions: instruction.regions.map(\.signature),
                                       location: location)
        let inferred = try instruction.op.inferResultTypes(context)
        guard inferred == instruction.resultTypes else {
            throw IRError.resultTypeMismatch(op: instruction.op.name, declared: instruction.resultTypes,
                                             inferred: inferred, location: location)
        }
        if !instruction.isEffectful, instruction.op.definition.isEffectful || instruction.regions.contains(where: \.hasEffects) {
            throw IRError.invalidStructure(reason: "\(instruction.op.name) has effects but is not marked effectful", location: location)
        }
        for result in instruction.results { visible.insert(result.id) }
    }

    private mutating func define(_ value: Value) throws {
        try number(value)
        visible.insert(value.id)
    }

    private mutating func number(_ value: Value) throws {
        guard numbers[value.id] == nil else {
            throw IRError.invalidStructure(reason: "value id \(value.id) is defined twice", location: "@\(functionName)")
        }
        numbers[value.id] = numbers.count
    }

    private func name(_ value: Value) -> String {
        numbers[value.id].map { "%\($0)" } ?? "a value (id \(value.id)) defined nowhere"
    }
}

extension Program {
    /// Verifies the program; see ``Verifier``.
    ///
    /// - Throws: the first ``IRError`` found.
    public func verify() throws {
        try Verifier.verify(self)
    }
}
