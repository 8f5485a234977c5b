import XLAIR

/// A program's `main` cut into one program per ``ProfiledScope``: the
/// instructions of that scope (with their regions), in order, reading what
/// other scopes compute as parameters and returning what other scopes (or
/// `main`'s results) read, so each can be compiled and timed on its own.
struct ScopeSubprograms {
    /// One scope's program and how many ops of each kind it has (those in
    /// regions too).
    struct Part {
        let scope: ProfiledScope
        let program: Program
        let opCounts: [String: Int]

        /// How many ops it has.
        var opCount: Int { opCounts.values.reduce(0, +) }
    }

    /// The parts, in the order of their scopes' first instructions.
    let parts: [Part]

    /// Cuts `program`'s `main`; its other functions go with every part.
    ///
    /// - Throws: `IRError` when a part cannot be built (an op rejecting its copy).
    init(_ program: Program) throws {
        guard let main = program.function(named: "main") else {
            throw IRError.invalidStructure(reason: "the program has no main function", location: nil)
        }
        let others = program.functions.filter { $0.name != "main" }
        let instructions = main.body.instructions
        let scopes = instructions.map(ProfiledScope.init)
        // The scopes reading each value, `nil` standing for main's return.
        var readers: [Int: Set<ProfiledScope?>] = [:]
        for (instruction, scope) in zip(instructions, scopes) {
            for value in Self.reads(instruction) { readers[value.id, default: []].insert(scope) }
        }
        for value in main.body.returns { readers[value.id, default: []].insert(nil) }
        var order: [ProfiledScope] = []
        for scope in scopes where !order.contains(scope) { order.append(scope) }
        parts = try order.map { scope in
            let members = zip(instructions, scopes).filter { $0.1 == scope }.map(\.0)
            let function = try Self.function(of: members, scope: scope, readers: readers)
            return Part(scope: scope, program: Program(name: program.name, functions: [function] + others),
                        opCounts: Self.opCounts(members))
        }
    }

    /// `members` copied into a function of their own.
    private static func function(of members: [Instruction], scope: ProfiledScope,
                                 readers: [Int: Set<ProfiledScope?>]) throws -> Function {
        let builder = FunctionBuilder()
        var values: [Int: Value] = [:]
        for instruction in members {
            for value in reads(instruction) where values[value.id] == nil {
                values[value.id] = builder.parameter(value.type)
            }
            try builder.copy(instruction, substituting: &values)
        }
        let read = members.flatMap(\.results).filter { result in
            readers[result.id, default: []].contains { $0 != scope }
        }
        // What nothing outside reads is still returned, so that XLA keeps it.
        let returned = read.isEmpty ? members.last?.results ?? [] : read
        return builder.finish(returning: returned.map { values[$0.id]! })
    }

    /// The values `instruction` reads: its operands and what its regions capture.
    private static func reads(_ instruction: Instruction) -> [Value] {
        instruction.operands + instruction.regions.flatMap(\.capturedValues)
    }

    /// How many of `instructions` and the instructions of their regions
    /// (nested ones too) have each op.
    private static func opCounts(_ instructions: [Instruction]) -> [String: Int] {
        instructions.reduce(into: [:]) { counts, instruction in
            counts[instruction.op.name, default: 0] += 1
            counts.merge(opCounts(instruction.regions.flatMap(\.instructions)), uniquingKeysWith: +)
        }
    }
}
