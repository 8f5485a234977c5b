extension Case {
    /// A `case` on the same index whose branches each run their branch's
    /// pullback and return the cotangents of the floating-point values any
    /// branch reads from outside (zeros where a branch does not read one).
    public var differentiability: Differentiability {
        .differentiableWithCaptures { e in
            let captured = differentiableCaptures(of: e.regions)
            guard !captured.isEmpty else { return ([nil], []) }
            let branches = try e.regions.map { branch in
                try e.builder.region(arguments: []) { _ in
                    let pullback = try ReverseMode.vjp(of: branch, arguments: [], resultCotangents: e.cotangents,
                                                       into: e.builder, substitutions: e.substitutions)
                    return try cotangents(of: captured, in: pullback.captured, e)
                }
            }
            let results = try e.builder.append(.caseBranch, [e.operands[0]], regions: branches, location: e.location)
            return ([nil], Array(zip(captured, results)).map { (value: $0, cotangent: $1) })
        }
    }
}

extension While {
    /// With a `trip_count` N: the forward loop, rewritten in place, also
    /// stacks the carried values the body's pullback reads, then a reverse
    /// loop runs, for step i from N − 1 down to 0, the body's pullback from
    /// the carry stored at i (recomputing the body), carrying the cotangents
    /// of the carried values and accumulating those of the outer values the
    /// body reads, a row a step where the body reads one row of them (the
    /// transpose of `lax.scan`). The cotangent of a stacked output (see
    /// `StackedOutputs`) is not carried: each step reads its row from the
    /// cotangent of the loop's result. Without one it is an
    /// ``IRError/dynamicTripCount(location:)``, as JAX refuses `while_loop`.
    public var differentiability: Differentiability {
        .differentiableWithCaptures { e in
            guard let tripCount = e.attributes.int("trip_count") else {
                throw IRError.dynamicTripCount(location: e.location)
            }
            return try LoopPullback(e, tripCount: tripCount).emit()
        }
    }
}

/// The floating-point values the regions read from outside, each once, in
/// order of first use.
private func differentiableCaptures(of regions: [Region]) -> [Value] {
    var seen = Set<Int>()
    return regions.flatMap(\.capturedValues).filter { $0.type.elementType.isFloatingPoint && seen.insert($0.id).inserted }
}

/// The cotangent of each of `values` found in `found`, else zeros.
private func cotangents(of values: [Value], in found: [(value: Value, cotangent: Value)], _ e: GradientEmitter) throws -> [Value] {
    let byID = Dictionary(found.map { ($0.value.id, $0.cotangent) }, uniquingKeysWith: { first, _ in first })
    return try values.map { try byID[$0.id] ?? e.zeros($0.type) }
}

/// The reverse-mode rule of a `while` loop that runs `tripCount` times.
private struct LoopPullback {
    let e: GradientEmitter
    let tripCount: Int
    /// The body region.
    let body: Region
    /// The carried types.
    let types: [TensorType]
    /// Indices of the floating-point carried values whose cotangents the
    /// reverse loop carries.
    let differentiable: [Int]
    /// Indices of the carried values that are stacked outputs: the reverse
    /// loop reads their cotangents a row a step instead of carrying them.
    let stackedOutputs: Set<Int>
    /// The floating-point outer values the body reads.
    let captured: [Value]

    init(_ e: GradientEmitter, tripCount: Int) {
        self.e = e
        self.tripCount = tripCount
        body = e.regions[1]
        types = e.operands.map(\.type)
        stackedOutputs = StackedOutputs(body: body, initial: e.operands, tripCount: tripCount, builder: e.builder).indices()
        differentiable = types.indices.filter { [stackedOutputs] in
            e.operands[$0].type.elementType.isFloatingPoint && !stackedOutputs.contains($0)
        }
        captured = differentiableCaptures(of: [e.regions[1]])
    }

    func emit() throws -> (operands: [Value?], captured: [(value: Value, cotangent: Value)]) {
        let stored = try storedCarries()
        let stacks = try stack(stored)
        let counter = TensorType(.int32, [])
        let initial = try differentiable.map { try e.cotangents[$0] ?? e.zeros(types[$0]) } + captured.map { try e.zeros($0.type) }
        let loopTypes = [counter] + initial.map(\.type)
        let condition = try e.builder.region(arguments: loopTypes) { try [isBelowTripCount($0[0])] }
        let reverse = try e.builder.region(arguments: loopTypes) { arguments in
            let step = try e.sub(constant(tripCount - 1), arguments[0])
            let carry = try types.indices.map { index in
                try stacks[index].map { try slice($0, at: step, as: types[index]) } ?? e.zeros(types[index])
            }
            let seeds = seeds(Array(arguments.dropFirst().prefix(differentiable.count)))
            let pullback = try ReverseMode.vjp(of: body, arguments: carry, resultCotangents: seeds, into: e.builder,
                                               substitutions: e.substitutions)
            let carried = try differentiable.map { try pullback.argumentCotangents[$0] ?? e.zeros(types[$0]) }
            let accumulated = try zip(arguments.suffix(captured.count), cotangents(of: captured, in: pullback.captured, e))
                .map { try accumulate($1, into: $0) }
            return [try e.add(arguments[0], constant(1))] + carried + accumulated
        }
        let results = try e.builder.append(.whileLoop, [try constant(0)] + initial, attributes: ["trip_count": .int(tripCount)],
                                           regions: [condition, reverse], location: e.location)
        var operands = [Value?](repeating: nil, count: types.count)
        for (position, index) in differentiable.enumerated() { operands[index] = results[1 + position] }
        return (operands, Array(zip(captured, results.suffix(captured.count))).map { (value: $0, cotangent: $1) })
    }

    /// Which carried values the body's pullback reads: it is built once in a
    /// scratch region, and its live arguments are kept (a scan's stacked
    /// outputs, for one, are only overwritten, so they need no storing).
    private func storedCarries() throws -> Set<Int> {
        let seedTypes = differentiable.map { types[$0] }
        var scratch = try e.builder.region(arguments: types + seedTypes) { arguments in
            let pullback = try ReverseMode.vjp(of: body, arguments: Array(arguments.prefix(types.count)),
                                               resultCotangents: seeds(Array(arguments.suffix(seedTypes.count))),
                                               into: e.builder, substitutions: e.substitutions)
            return differentiable.compactMap { pullback.argumentCotangents[$0] } + pullback.captured.map(\.cotangent)
        }
        let arguments = scratch.arguments
        var live = Set<Int>()
        DeadCodeElimination.sweep(&scratch, live: &live)
        return Set(types.indices.filter { live.contains(arguments[$0].id) })
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

    /// Runs the loop forward writing the carried values in `stored` at each
    /// step into a stack with a leading axis of `tripCount`, in place of the
    /// forward loop (so that it runs once; a second loop where that one is
    /// not in the open region); returns the stacks by carried index (nil
    /// where not stored).
    private func stack(_ stored: Set<Int>) throws -> [Value?] {
        let indices = types.indices.filter(stored.contains)
        guard !indices.isEmpty else { return types.map { _ in nil } }
        let stackTypes = indices.map { TensorType(types[$0].elementType, [tripCount] + types[$0].shape) }
        let counter = TensorType(.int32, [])
        let loopTypes = [counter] + types + stackTypes
        let condition = try e.builder.region(arguments: loopTypes) { try [isBelowTripCount($0[0])] }
        let forward = try e.builder.region(arguments: loopTypes) { arguments in
            let step = arguments[0]
            let carry = Array(arguments[1...types.count])
            let written = try zip(indices, arguments.suffix(indices.count)).map { index, stack in
                let row = try e.reshape(carry[index], [1] + types[index].shape)
                return try e.builder.append(.dynamicUpdateSlice, [stack, row] + offsets(step, rank: types[index].shape.count),
                                            location: e.location)[0]
            }
            let next = try e.builder.inline(body, arguments: carry).results
            return [try e.add(step, constant(1))] + next + written
        }
        var stacks = [Value?](repeating: nil, count: types.count)
        let stackingLoop = { () throws -> [Value] in
            let initial = try [constant(0)] + e.operands + stackTypes.map { try e.zeros($0) }
            let results = try e.builder.append(.whileLoop, initial, attributes: ["trip_count": .int(tripCount)],
                                               regions: [condition, forward], location: e.location)
            for (position, index) in indices.enumerated() { stacks[index] = results[1 + types.count + position] }
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
