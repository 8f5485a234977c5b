/// Removes instructions whose results are never used, unless they are
/// effectful; works inside regions too.
public struct DeadCodeElimination: Pass {
    /// `dce`.
    public let name = "dce"

    /// Creates the pass.
    public init() {}

    /// Removes dead instructions from every function.
    public func run(_ program: inout Program) {
        program.transformFunctions { function in
            var live = Set<Int>()
            DeadCodeElimination.sweep(&function.body, live: &live)
        }
    }

    /// Keeps, from last to first, the instructions that are effectful or
    /// define a live value, marking their operands (and their regions'
    /// uses) live.
    static func sweep(_ region: inout Region, live: inout Set<Int>) {
        for value in region.returns { live.insert(value.id) }
        var kept: [Instruction] = []
        for var instruction in region.instructions.reversed()
        where instruction.isEffectful || instruction.results.contains(where: { live.contains($0.id) }) {
            for index in instruction.regions.indices { sweep(&instruction.regions[index], live: &live) }
            for operand in instruction.operands { live.insert(operand.id) }
            kept.append(instruction)
        }
        region.instructions = kept.reversed()
    }
}
