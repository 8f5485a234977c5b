/// Replaces a `slice` of a `dot_general` that nothing else reads, where the
/// slice keeps part of one operand's free dimensions only, by the product
/// of that slice of the operand: `slice(a · b)` becomes `a · slice(b)`,
/// which computes only the kept outputs, with the same sums. (The gradient
/// of `concatenate([x, h]) · W` slices the product `d · Wᵀ` into the
/// cotangents of `x` and `h`; where `x`'s is not needed, as in a recurrent
/// core over inputs that are not differentiated, the product loses the
/// columns of `x` at every step.)
public struct SliceOfDot: Pass {
    /// `slice-of-dot`.
    public let name = "slice-of-dot"

    /// Creates the pass.
    public init() {}

    /// Rewrites every function.
    public func run(_ program: inout Program) {
        program.transformFunctions { function in
            var body = function.body
            var hoisted: [Instruction] = []
            narrow(&body, uses: function.body.useCounts(), function: &function, hoisted: &hoisted)
            function.body = body
        }
    }

    /// Narrows the products of `region` and of its nested regions. The
    /// slice of an operand defined outside `region` (a loop's weight) goes
    /// to `hoisted`, for the enclosing region to compute once before the
    /// instruction that holds `region`.
    private func narrow(_ region: inout Region, uses: [Int: Int], function: inout Function, hoisted: inout [Instruction]) {
        var local = Set(region.arguments.map(\.id))
        var definitions: [Int: Int] = [:]
        var index = 0
        while index < region.instructions.count {
            var inner: [Instruction] = []
            for nested in region.instructions[index].regions.indices {
                narrow(&region.instructions[index].regions[nested], uses: uses, function: &function, hoisted: &inner)
            }
            region.instructions.insert(contentsOf: inner, at: index)
            for instruction in inner { local.formUnion(instruction.results.map(\.id)) }
            index += inner.count
            let instruction = region.instructions[index]
            for result in instruction.results { definitions[result.id] = index }
            local.formUnion(instruction.results.map(\.id))
            guard instruction.op == .slice, let position = definitions[instruction.operands[0].id],
                  uses[instruction.operands[0].id] == 1,
                  let (operandSlice, product) = narrowed(region.instructions[position], by: instruction, function: &function)
            else {
                index += 1
                continue
            }
            region.instructions[position] = product
            region.instructions.remove(at: index)
            if local.contains(operandSlice.operands[0].id) {
                region.instructions.insert(operandSlice, at: position)
                local.formUnion(operandSlice.results.map(\.id))
                index += 1
            } else {
                hoisted.append(operandSlice)
            }
            definitions = Dictionary(region.instructions[..<index].enumerated().flatMap { position, instruction in
                instruction.results.map { ($0.id, position) }
            }, uniquingKeysWith: { _, last in last })
        }
    }

    /// The slice of one operand and the product reading it that stand for
    /// `slice` of `dot`, or nil when the slice is not of one operand's free
    /// dimensions.
    private func narrowed(_ dot: Instruction, by slice: Instruction, function: inout Function) -> (Instruction, Instruction)? {
        guard dot.op == .dotGeneral, dot.operands.count == 2, !dot.isEffectful,
              let window = try? Slice().configuration(of: slice), window.strides.allSatisfy({ $0 == 1 }),
              let numbers = try? DotGeneral().configuration(of: dot).numbers else { return nil }
        let (starts, limits) = (window.startIndices, window.limitIndices)
        let shape = dot.resultTypes[0].shape
        let restricted = shape.indices.filter { starts[$0] != 0 || limits[$0] != shape[$0] }
        let batching = [numbers.lhsBatch, numbers.rhsBatch]
        let contracting = [numbers.lhsContracting, numbers.rhsContracting]
        // Each result dimension past the batch ones: (operand, its dimension).
        let free = (0..<2).flatMap { side in
            dot.operands[side].type.shape.indices.filter { !batching[side].contains($0) && !contracting[side].contains($0) }
                .map { (side, $0) }
        }
        let origins = restricted.map { $0 < batching[0].count ? nil : free[$0 - batching[0].count] }
        guard !origins.isEmpty, origins.allSatisfy({ $0 != nil }), Set(origins.map { $0!.0 }).count == 1 else { return nil }
        let side = origins[0]!.0
        let operand = dot.operands[side]
        var operandStarts = [Int](repeating: 0, count: operand.type.shape.count)
        var operandLimits = operand.type.shape
        for (dimension, origin) in zip(restricted, origins) {
            (operandStarts[origin!.1], operandLimits[origin!.1]) = (starts[dimension], limits[dimension])
        }
        let sliced = function.makeValue(TensorType(operand.type.elementType, zip(operandStarts, operandLimits).map { $1 - $0 }))
        let operandSlice = Instruction(op: .slice, operands: [operand],
                                       attributes: ["start_indices": .ints(operandStarts), "limit_indices": .ints(operandLimits)],
                                       results: [sliced], location: slice.location, nameScope: slice.nameScope)
        var operands = dot.operands
        operands[side] = sliced
        let product = Instruction(op: .dotGeneral, operands: operands, attributes: dot.attributes, results: slice.results,
                                  location: dot.location, nameScope: dot.nameScope)
        return (operandSlice, product)
    }
}
