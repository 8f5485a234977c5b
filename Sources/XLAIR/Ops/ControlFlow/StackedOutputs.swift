/// The carried values of a `while` body that only stack one row per step:
/// a scan's stacked outputs. Such a value `acc` of leading dimension
/// `tripCount` is returned by the body as `dynamic_update_slice(acc, row,
/// p, 0, ...)` and read nowhere else, where `p` is the step (a counter
/// that starts at constant 0 and grows by constant 1) or `tripCount - 1`
/// minus it. Every row is then written exactly once, so the loop's
/// pullback can read the row of a step straight from the cotangent of the
/// loop's result (as JAX's transposed scan reads the `ys` cotangents as
/// inputs) instead of carrying that cotangent and zeroing a row a step,
/// and the initial value's cotangent is zero.
struct StackedOutputs {
    /// The body region.
    let body: Region
    /// The loop's initial values, in the function being built.
    let initial: [Value]
    /// How many times the body runs.
    let tripCount: Int
    /// The function being built, where `initial` and captured constants are defined.
    let builder: FunctionBuilder

    /// The indices of the carried values that are stacked outputs.
    func indices() -> Set<Int> {
        let definitions = body.definitions()
        let uses = body.useCounts()
        let counters = body.arguments.indices.filter { isCounter($0, definitions) }.map { body.arguments[$0] }
        return Set(body.arguments.indices.filter { index in
            let stack = body.arguments[index]
            guard stack.type.elementType.isFloatingPoint, stack.type.shape.first == tripCount,
                  let write = definitions[body.returns[index].id], write.op == .dynamicUpdateSlice,
                  write.operands[0] == stack, uses[stack.id] == 1, uses[write.results[0].id] == 1,
                  write.operands[1].type.shape == [1] + stack.type.shape.dropFirst() else { return false }
            let starts = write.operands.dropFirst(2)
            return isStep(starts.first, counters, definitions)
                && starts.dropFirst().allSatisfy { isConstant($0, 0, definitions) }
        })
    }

    /// Whether carried value `index` counts steps: an `int32` scalar that
    /// starts at constant 0 and to which the body adds constant 1.
    private func isCounter(_ index: Int, _ definitions: [Int: Instruction]) -> Bool {
        let argument = body.arguments[index]
        guard argument.type == TensorType(.int32, []), isConstant(initial[index], 0, [:]),
              let next = definitions[body.returns[index].id], next.op == .add else { return false }
        let operands = next.operands
        return (operands[0] == argument && isConstant(operands[1], 1, definitions))
            || (operands[1] == argument && isConstant(operands[0], 1, definitions))
    }

    /// Whether `position` is a counter, or `tripCount - 1` minus one.
    private func isStep(_ position: Value?, _ counters: [Value], _ definitions: [Int: Instruction]) -> Bool {
        guard let position else { return false }
        if counters.contains(position) { return true }
        guard let difference = definitions[position.id], difference.op == .sub else { return false }
        return counters.contains(difference.operands[1]) && isConstant(difference.operands[0], tripCount - 1, definitions)
    }

    /// Whether `value` is an `int32` constant of one element, `number`,
    /// made in the body or before the loop, perhaps reshaped (differentiation
    /// passes a function's arguments through reshapes to their own shape).
    private func isConstant(_ value: Value, _ number: Int, _ definitions: [Int: Instruction]) -> Bool {
        guard value.type.elementType == .int32, value.type.elementCount == 1,
              let instruction = definitions[value.id] ?? builder.definition(of: value) else { return false }
        if instruction.op == .reshape { return isConstant(instruction.operands[0], number, definitions) }
        return Constant.literal(of: instruction)?.scalar(at: 0) == .int(Int64(number))
    }
}
