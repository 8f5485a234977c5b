/// The reverse-mode rule of a `while` loop that runs `tripCount` times.
struct LoopPullback {
    let e: GradientEmitter
    let tripCount: Int
    /// The body region.
    let body: Region
    /// The body without its debug prints, as the pullback recomputes it
    /// (the forward loop alone prints).
    let recomputed: Region
    /// The carried types.
    let types: [TensorType]
    /// Indices of the floating-point carried values whose cotangents the
    /// reverse loop carries.
    let differentiable: [Int]
    /// Indices of the carried values that are stacked outputs: the reverse
    /// loop reads their cotangents a row a step instead of carrying them.
    let stackedOutputs: Set<Int>
    /// The active floating-point outer values the body reads.
    let captured: [Value]
    /// The ids of the inactive outer values the body reads.
    let inactive: Set<Int>

    init(_ e: GradientEmitter, tripCount: Int) {
        self.e = e
        self.tripCount = tripCount
        body = e.regions[1]
        recomputed = body.droppingDebugPrints
        types = e.operands.map(\.type)
        stackedOutputs = StackedOutputs(body: body, initial: e.operands, tripCount: tripCount, builder: e.builder).indices()
        differentiable = types.indices.filter { [stackedOutputs] in
            e.operands[$0].type.elementType.isFloatingPoint && !stackedOutputs.contains($0)
        }
        captured = differentiableCaptures(of: [e.regions[1]], e)
        inactive = inactiveCaptures(of: [e.regions[1]], e)
    }

    func emit() throws -> (operands: [Value?], captured: [(value: Value, cotangent: Value)]) {
        let saved = try saved()
        let stacks = try stack(saved)
        let summed = Set(saved.summedAfter.map(\.capture))
        let accumulated = captured.indices.filter { !summed.contains($0) }
        let counter = TensorType(.int32, [])
        let initial = try differentiable.map { try e.cotangents[$0] ?? e.zeros(types[$0]) }
            + accumulated.map { try e.zeros(captured[$0].type) }
            + saved.stepValueTypes.map { try e.zeros(TensorType($0.elementType, [tripCount] + $0.shape)) }
        let loopTypes = [counter] + initial.map(\.type)
        let condition = try e.builder.region(arguments: loopTypes) { try [isBelowTripCount($0[0])] }
        let reverse = try e.builder.region(arguments: loopTypes) { arguments in
            let step = try e.sub(constant(tripCount - 1), arguments[0])
            let carry = try types.indices.map { index in
                try stacks.carries[index].map { try slice($0, at: step, as: types[index]) } ?? e.zeros(types[index])
            }
            let residuals = try zip(saved.residuals, stacks.residuals).map { ($0.id, try slice($1, at: step, as: $0.type)) }
            let seeds = seeds(Array(arguments.dropFirst().prefix(differentiable.count)))
            let pullback = try ReverseModeTransformation.vjp(of: recomputed, arguments: carry, resultCotangents: seeds, into: e.builder,
                                               substitutions: e.substitutions,
                                               known: Dictionary(residuals, uniquingKeysWith: { first, _ in first }),
                                               inactive: inactive)
            let carried = try differentiable.map { try pullback.argumentCotangents[$0] ?? e.zeros(types[$0]) }
            let stepCotangents = try XLAIR.cotangents(of: captured, in: pullback.captured, e)
            let totals = arguments.dropFirst(1 + differentiable.count).prefix(accumulated.count)
            let sums = try zip(totals, accumulated.map { stepCotangents[$0] }).map { try accumulate($1, into: $0) }
            let stepValues = try self.stepValues(saved, cotangents: stepCotangents)
            let written = try zip(stepValues, arguments.suffix(stepValues.count)).map { try write($0, into: $1, at: step) }
            return [try e.add(arguments[0], constant(1))] + carried + sums + written
        }
        let results = try e.builder.append(.whileLoop, [constant(0)] + initial, attributes: ["trip_count": .int(tripCount)],
                                           regions: [condition, reverse], location: e.location)
        var operands = [Value?](repeating: nil, count: types.count)
        for (position, index) in differentiable.enumerated() { operands[index] = results[1 + position] }
        var totals = [Value?](repeating: nil, count: captured.count)
        for (position, index) in accumulated.enumerated() { totals[index] = results[1 + differentiable.count + position] }
        let stepStacks = Array(results.suffix(saved.stepValueTypes.count))
        for summed in saved.summedAfter {
            let operands = try summed.sources.map { source in
                switch source {
                case let .carry(index): try stacks.carries[index] ?? unsaved()
                case let .residual(index): stacks.residuals[index]
                case let .stepValue(slot): stepStacks[slot]
                }
            }
            totals[summed.capture] = try summed.contraction.sum(over: operands, e)
        }
        return (operands, try zip(captured, totals).map { (value: $0, cotangent: try $1 ?? unsaved()) })
    }

    /// The step values the reverse loop stacks for the cotangents summed
    /// after it, one per slot, read from `cotangents` (the captured values'
    /// at this step) as the body's pullback made them.
    private func stepValues(_ saved: Saved, cotangents: [Value]) throws -> [Value] {
        var values = [Value?](repeating: nil, count: saved.stepValueTypes.count)
        for summed in saved.summedAfter {
            guard let contraction = StepContraction(cotangents[summed.capture], definition: e.builder.definition(of:)),
                  contraction.operands.count == summed.sources.count else { return try unsaved() }
            for case let (.stepValue(slot), value) in zip(summed.sources, contraction.operands) where values[slot] == nil {
                values[slot] = value
            }
        }
        return try zip(values, saved.stepValueTypes).map { value, type in
            guard let value, value.type == type else { return try unsaved() }
            return value
        }
    }

    /// Writes `value` as row `step` of `stack`.
    private func write(_ value: Value, into stack: Value, at step: Value) throws -> Value {
        let row = try e.reshape(value, [1] + value.type.shape)
        return try e.builder.append(.dynamicUpdateSlice, [stack, row] + offsets(step, rank: value.type.shape.count),
                                    location: e.location)[0]
    }

    /// The error of a reverse loop that does not find what `saved()` planned from the same body.
    private func unsaved<T>() throws -> T {
        throw IRError.invalidStructure(reason: "the loop's pullback differs from the one planned for it", location: e.location)
    }

    /// What the forward loop stacks for the reverse loop: carried values
    /// (by index) and values of the body (its residuals, as in `body`);
    /// and the cotangents of captured values summed after the reverse loop
    /// (see `StepContraction`), with the step values the reverse loop
    /// stacks for them.
    private struct Saved {
        var carries: [Int]
        var residuals: [Value]
        var summedAfter: [Summed] = []
        /// The type of each step value the reverse loop stacks, by slot.
        var stepValueTypes: [TensorType] = []
    }

    /// A captured value whose cotangent is summed after the reverse loop.
    private struct Summed {
        /// Its position in `captured`.
        let capture: Int
        /// Its cotangent at one step, as the body's pullback makes it.
        let contraction: StepContraction
        /// Where the stacked values of each of the contraction's operands come from.
        let sources: [Source]
    }

    /// Stacked values of a step value: a carried value's or a residual's
    /// (by index) from the forward loop, or one the reverse loop computes
    /// and stacks (by slot).
    private enum Source {
        case carry(Int)
        case residual(Int)
        case stepValue(Int)
    }

    /// What the body's pullback reads: it is built once in a scratch region
    /// whose arguments stand for the carried values and for every candidate
    /// residual (see `residualCandidates`), and its live arguments are
    /// kept. So the reverse loop reads the body's activations (a matrix
    /// product's operands, a `tanh`'s result) instead of recomputing them,
    /// as JAX's scan saves the residuals of its linearized body, and only
    /// the carried values the pullback reads besides (a scan's stacked
    /// outputs, for one, are only overwritten, so they need no storing).
    private func saved() throws -> Saved {
        let candidates = residualCandidates()
        let seedTypes = differentiable.map { types[$0] }
        var scratch = try e.builder.region(arguments: types + seedTypes + candidates.map(\.type)) { arguments in
            let known = Dictionary(zip(candidates.map(\.id), arguments.suffix(candidates.count)),
                                   uniquingKeysWith: { first, _ in first })
            let pullback = try ReverseModeTransformation.vjp(of: recomputed, arguments: Array(arguments.prefix(types.count)),
                                               resultCotangents: seeds(Array(arguments.dropFirst(types.count).prefix(seedTypes.count))),
                                               into: e.builder, substitutions: e.substitutions, known: known,
                                               inactive: inactive)
            return try differentiable.compactMap { pullback.argumentCotangents[$0] } + cotangents(of: captured, in: pullback.captured, e)
        }
        let arguments = scratch.arguments
        var live = Set<Int>()
        DeadCodeElimination.sweep(&scratch, live: &live)
        let residuals = zip(candidates, arguments.suffix(candidates.count)).filter { live.contains($1.id) }.map(\.0)
        var saved = Saved(carries: types.indices.filter { live.contains(arguments[$0].id) }, residuals: residuals)
        planSums(in: scratch, residuals: residuals, candidates: candidates, into: &saved)
        return saved
    }

    /// Finds, in `scratch` (the body's pullback built by `saved()`), the
    /// captured values' cotangents that are one contraction of step values
    /// and plans their sums after the reverse loop.
    private func planSums(in scratch: Region, residuals: [Value], candidates: [Value], into saved: inout Saved) {
        let definitions = scratch.definitions()
        let positions = Dictionary(scratch.arguments.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let residualIndex = Dictionary(residuals.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let firstCandidate = scratch.arguments.count - candidates.count
        var slots: [Int: Int] = [:]
        for (capture, cotangent) in zip(captured.indices, scratch.returns.suffix(captured.count)) {
            guard let contraction = StepContraction(cotangent, definition: { definitions[$0.id] }) else { continue }
            let sources = contraction.operands.map { operand -> Source? in
                if let position = positions[operand.id] {
                    if position < types.count { return .carry(position) }
                    if position >= firstCandidate { return residualIndex[candidates[position - firstCandidate].id].map(Source.residual) }
                } else if definitions[operand.id] == nil {
                    return nil
                }
                let slot = slots[operand.id] ?? saved.stepValueTypes.count
                if slot == saved.stepValueTypes.count {
                    slots[operand.id] = slot
                    saved.stepValueTypes.append(operand.type)
                }
                return .stepValue(slot)
            }
            guard sources.allSatisfy({ $0 != nil }) else { continue }
            saved.summedAfter.append(Summed(capture: capture, contraction: contraction, sources: sources.compactMap { $0 }))
        }
    }

    /// The results of the body's top-level instructions without regions or
    /// effects that depend on the carried values. (One computed from outer
    /// values and constants alone is the same at every step: stacking it
    /// would copy it once a step, so the reverse loop recomputes it.)
    private func residualCandidates() -> [Value] {
        var varying = Set(body.arguments.map(\.id))
        var candidates: [Value] = []
        for instruction in body.instructions {
            let reads = instruction.operands + instruction.regions.flatMap(\.capturedValues)
            guard reads.contains(where: { varying.contains($0.id) }) else { continue }
            varying.formUnion(instruction.results.map(\.id))
            if instruction.regions.isEmpty && !instruction.isEffectful { candidates += instruction.results }
        }
        return candidates
    }

    /// The cotangents of the body's results for one step: `carried`, those
    /// the reverse loop carries (one per index in `differentiable`), and,
    /// for a stacked output, the cotangent of the loop's result, of which
    /// the body's pullback reads the step's row.
    private func seeds(_ carried: [Value]) -> [Value?] {
        var seeds = types.indices.map { stackedOutputs.contains($0) ? e.cotangents[$0] : nil }
        for (position, index) in differentiable.enumerated() { seeds[index] = carried[position] }
        return seeds
    }

    /// Runs the loop forward writing, at each step, the saved carried
    /// values (as the step starts) and residuals into stacks with a leading
    /// axis of `tripCount`, in place of the forward loop (so that it runs
    /// once; a second loop where that one is not in the open region);
    /// returns the stacks of the carried values by index (nil where not
    /// saved) and those of the residuals in order.
    private func stack(_ saved: Saved) throws -> (carries: [Value?], residuals: [Value]) {
        let rows = saved.carries.map { types[$0] } + saved.residuals.map(\.type)
        guard !rows.isEmpty else { return (types.map { _ in nil }, []) }
        let stackTypes = rows.map { TensorType($0.elementType, [tripCount] + $0.shape) }
        let counter = TensorType(.int32, [])
        let loopTypes = [counter] + types + stackTypes
        let condition = try e.builder.region(arguments: loopTypes) { try [isBelowTripCount($0[0])] }
        let forward = try e.builder.region(arguments: loopTypes) { arguments in
            let step = arguments[0]
            let carry = Array(arguments[1...types.count])
            let inlined = try e.builder.inline(body, arguments: carry)
            let residuals = try saved.residuals.map { residual in
                guard let copy = inlined.values[residual.id] else {
                    throw IRError.undefinedValue(op: "while", value: "%\(residual.id)", location: e.location)
                }
                return copy
            }
            let written = try zip(saved.carries.map { carry[$0] } + residuals, arguments.suffix(rows.count)).map { value, stack in
                let row = try e.reshape(value, [1] + value.type.shape)
                return try e.builder.append(.dynamicUpdateSlice, [stack, row] + offsets(step, rank: value.type.shape.count),
                                            location: e.location)[0]
            }
            return [try e.add(step, constant(1))] + inlined.results + written
        }
        var stacks = (carries: [Value?](repeating: nil, count: types.count), residuals: [Value]())
        let stackingLoop = { () throws -> [Value] in
            let initial = try [constant(0)] + e.operands + stackTypes.map { try e.zeros($0) }
            let results = try e.builder.append(.whileLoop, initial, attributes: ["trip_count": .int(tripCount)],
                                               regions: [condition, forward], location: e.location)
            let written = results.suffix(rows.count)
            for (index, stack) in zip(saved.carries, written) { stacks.carries[index] = stack }
            stacks.residuals = Array(written.suffix(saved.residuals.count))
            return Array(results[1...types.count])
        }
        if let original = e.builder.definition(of: e.results[0]) {
            try e.builder.replace(original, by: stackingLoop)
        } else {
            _ = try stackingLoop()
        }
        return stacks
    }

    /// `total + cotangent`. A cotangent that is one block written into zeros
    /// (the pullback of a `dynamic_slice`: a scan's `xs` read one row a step)
    /// is added to that block of `total` alone, so that a step costs the
    /// block and not the whole array (as JAX's transposed scan emits the
    /// `xs` cotangents one row a step).
    private func accumulate(_ cotangent: Value, into total: Value) throws -> Value {
        guard let write = e.builder.definition(of: cotangent), write.op == .dynamicUpdateSlice,
              isZeros(write.operands[0]) else { return try e.add(total, cotangent) }
        let block = write.operands[1]
        let starts = Array(write.operands.dropFirst(2))
        let current = try e.builder.append(.dynamicSlice, [total] + starts,
                                           attributes: ["slice_sizes": .ints(block.type.shape)], location: e.location)[0]
        return try e.builder.append(.dynamicUpdateSlice, [total, try e.add(current, block)] + starts,
                                    location: e.location)[0]
    }

    /// Whether `value` is zeros made in the open region: a zero constant,
    /// or one broadcast.
    private func isZeros(_ value: Value) -> Bool {
        guard let instruction = e.builder.definition(of: value) else { return false }
        if instruction.op == .broadcastInDim { return isZeros(instruction.operands[0]) }
        guard let literal = Constant.literal(of: instruction), literal.elementCount == 1 else { return false }
        return literal.bytes.allSatisfy { $0 == 0 }
    }

    /// Row `step` of `stack`, shaped as `type`.
    private func slice(_ stack: Value, at step: Value, as type: TensorType) throws -> Value {
        let row = try e.builder.append(.dynamicSlice, [stack] + offsets(step, rank: type.shape.count),
                                       attributes: ["slice_sizes": .ints([1] + type.shape)], location: e.location)[0]
        return try e.reshape(row, type.shape)
    }

    /// Start indices `[step, 0, 0, ...]` for a stack of rank `rank + 1`.
    private func offsets(_ step: Value, rank: Int) -> [Value] {
        [step] + (0..<rank).map { _ in constant(0) }
    }

    /// `counter < tripCount`.
    private func isBelowTripCount(_ counter: Value) throws -> Value {
        try e.compare(counter, "LT", constant(tripCount))
    }

    /// An `int32` scalar constant.
    private func constant(_ value: Int) -> Value {
        e.builder.constant(Literal.splat(.int(Int64(value)), as: TensorType(.int32, [])), location: e.location)
    }
}
