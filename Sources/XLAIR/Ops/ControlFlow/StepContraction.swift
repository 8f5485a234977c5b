/// A cotangent that a loop's pullback would add up step by step, made at
/// each step by one contraction of step values (`dot_general`: a weight's
/// gradient `xᵀ · dy`, perhaps transposed) or one sum of a step value over
/// some axes (`reduce` of kind sum: a bias's gradient). Summed over the
/// steps, it is the same contraction or sum of the values stacked along a
/// new leading axis, with that axis contracted or summed too: one large
/// matrix product after the loop in place of one small one a step. (A
/// product of 32 rows a step runs far below the speed one of 2048 rows
/// reaches, and it need not be carried through the reverse loop.)
struct StepContraction {
    /// The contraction or sum at one step.
    let instruction: Instruction
    /// The permutation of the `transpose` of its result that the cotangent
    /// is, if it is one.
    let permutation: [Int]?

    /// The step values it reads, in operand order.
    var operands: [Value] { instruction.operands }

    /// Matches `cotangent`, `definition` giving the instruction that makes
    /// a value (nil for one made elsewhere).
    init?(_ cotangent: Value, definition: (Value) -> Instruction?) {
        guard var made = definition(cotangent) else { return nil }
        var permutation: [Int]?
        if made.op == .transpose, let order = try? Transpose().configuration(of: made).permutation, let inner = definition(made.operands[0]) {
            (made, permutation) = (inner, order)
        }
        switch made.op {
        case .dotGeneral where made.operands.count == 2: break
        case .reduce where made.operands.count == 1 && (try? Reduce().configuration(of: made).kind) == .sum: break
        default: return nil
        }
        (instruction, self.permutation) = (made, permutation)
    }

    /// The sum over the steps, from `stacks`: per operand, its values at
    /// every step along a new leading axis.
    func sum(over stacks: [Value], _ e: GradientEmitter) throws -> Value {
        var attributes = instruction.attributes
        let shifted = { (dimensions: [Int]) in dimensions.map { $0 + 1 } }
        if instruction.op == .dotGeneral {
            let numbers = try DotGeneral().configuration(of: instruction).numbers
            let stacked = DotNumbers(lhsBatch: shifted(numbers.lhsBatch), rhsBatch: shifted(numbers.rhsBatch),
                                     lhsContracting: [0] + shifted(numbers.lhsContracting),
                                     rhsContracting: [0] + shifted(numbers.rhsContracting))
            for (name, value) in stacked.attributes { attributes[name] = value }
        } else {
            attributes["dimensions"] = .ints([0] + shifted(try Reduce().configuration(of: instruction).dimensions))
        }
        let sum = try e.builder.append(instruction.op, stacks, attributes: attributes, location: e.location)[0]
        guard let permutation else { return sum }
        return try e.builder.append(.transpose, [sum], attributes: ["permutation": .ints(permutation)], location: e.location)[0]
    }
}
