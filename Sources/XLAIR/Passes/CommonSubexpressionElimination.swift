/// Replaces an instruction by an earlier identical one (same op, operands,
/// attributes and result types) visible at its position. Effectful
/// instructions and instructions with regions are never merged.
public struct CommonSubexpressionElimination: Pass {
    /// `cse`.
    public let name = "cse"

    /// Creates the pass.
    public init() {}

    private struct Key: Hashable {
        let op: Op
        let operands: [Int]
        let attributes: Attributes
        let resultTypes: [TensorType]
    }

    /// Merges duplicates in every function.
    public func run(_ program: inout Program) {
        program.transformFunctions { function in
            var substitutions: [Int: Value] = [:]
            CommonSubexpressionElimination.merge(&function.body, available: [:], substitutions: &substitutions)
        }
    }

    /// Merges within a region; `available` holds the expressions of the
    /// enclosing scopes, which nested regions see but do not extend.
    private static func merge(_ region: inout Region, available: [Key: [Value]], substitutions: inout [Int: Value]) {
        var available = available
        var kept: [Instruction] = []
        for original in region.instructions {
            var instruction = original.substituting(substitutions)
            for index in instruction.regions.indices {
                merge(&instruction.regions[index], available: available, substitutions: &substitutions)
            }
            if !instruction.isEffectful, instruction.regions.isEmpty {
                let key = Key(op: instruction.op, operands: instruction.operands.map(\.id),
                              attributes: instruction.attributes, resultTypes: instruction.resultTypes)
                if let earlier = available[key] {
                    for (result, replacement) in zip(instruction.results, earlier) { substitutions[result.id] = replacement }
                    continue
                }
                available[key] = instruction.results
            }
            kept.append(instruction)
        }
        region.instructions = kept
        region.returns = region.returns.map { substitutions[$0.id] ?? $0 }
    }
}
