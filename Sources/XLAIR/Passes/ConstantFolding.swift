/// Replaces instructions whose operands are all small constants by
/// constants, using each op's ``OpDefinition/fold(_:_:)`` rule: integer and
/// bool arithmetic, comparisons and shape ops. Float transcendental
/// functions are never folded (XLA's results are the reference), nor are
/// effectful instructions. Run ``DeadCodeElimination`` afterwards to drop
/// constants no longer used.
public struct ConstantFolding: Pass {
    /// `fold`.
    public let name = "fold"
    /// The largest operand or result, in elements, that is folded.
    public var maximumElementCount: Int

    /// Creates the pass.
    public init(maximumElementCount: Int = 1024) {
        self.maximumElementCount = maximumElementCount
    }

    /// Folds every function.
    public func run(_ program: inout Program) {
        program.transformFunctions { function in
            var constants: [Int: Literal] = [:]
            fold(&function.body, constants: &constants)
        }
    }

    private func fold(_ region: inout Region, constants: inout [Int: Literal]) {
        for index in region.instructions.indices {
            for nested in region.instructions[index].regions.indices {
                fold(&region.instructions[index].regions[nested], constants: &constants)
            }
            let instruction = region.instructions[index]
            if let literal = Constant.literal(of: instruction) {
                constants[instruction.results[0].id] = literal
                continue
            }
            let operands = instruction.operands.compactMap { constants[$0.id] }
            guard !instruction.isEffectful, instruction.regions.isEmpty, instruction.results.count == 1,
                  operands.count == instruction.operands.count,
                  (operands.map(\.elementCount) + [instruction.resultTypes[0].elementCount]).allSatisfy({ $0 <= maximumElementCount }),
                  let folded = instruction.op.definition.fold(operands, instruction),
                  folded.map(\.type) == instruction.resultTypes else { continue }
            region.instructions[index] = Instruction(op: .constant, operands: [], attributes: ["value": .literal(folded[0])],
                                                     results: instruction.results, location: instruction.location,
                                                     nameScope: instruction.nameScope)
            constants[instruction.results[0].id] = folded[0]
        }
    }
}
