extension Case {
    /// With a batched index, `lax.cond`'s batching rule: every branch runs,
    /// batched, and each example's results are selected by its index (an
    /// index out of range picks the last branch, as `case` does). With a
    /// shared index, a `case` on it whose branches are batched: a result is
    /// batched at 0 in every branch when it is batched in any.
    public var batching: Batching {
        .rule { e in
            if e.operands[0].batchDimension != nil { return try selectingBranches(e) }
            var batched = [Bool](repeating: false, count: e.regions[0].returns.count)
            var branches: [(region: Region, batched: [Bool])] = []
            for region in e.regions {
                let branch = try e.region(region, batched: [])
                batched = zip(batched, branch.batched).map { $0 || $1 }
                branches.append(branch)
            }
            let regions = try zip(e.regions, branches).map { region, branch in
                branch.batched == batched ? branch.region : try e.region(region, batched: [], results: batched).region
            }
            let results = try e.builder.append(.caseBranch, [e.operands[0].value], regions: regions, location: e.location)
            return zip(results, batched).map { ($0, $1 ? 0 : nil) }
        }
    }
}

/// Every branch inlined and batched; example k takes branch `index[k]`'s
/// results (the last branch's when the index matches none).
private func selectingBranches(_ e: BatchEmitter) throws -> [(value: Value, batchDimension: Int?)] {
    let index = try e.leading(0)
    let outputs = try e.regions.map { region in
        try e.inline(region, arguments: []).map { try e.leading($0.value, batchDimension: $0.batchDimension) }
    }
    return try outputs[outputs.count - 1].indices.map { position in
        var chosen = outputs[outputs.count - 1][position]
        for branch in stride(from: outputs.count - 2, through: 0, by: -1) {
            let number = e.builder.constant(.splat(.int(Int64(branch)), as: index.type), location: e.location)
            let taken = try e.append(.compare, [index, number], attributes: ["direction": .string("EQ")])[0]
            chosen = try e.append(.select, [try broadcastBatchMask(taken, like: chosen, e), outputs[branch][position], chosen],
                                  attributes: [:])[0]
        }
        return (chosen, 0)
    }
}

/// A `[batch]` mask broadcast to `value`'s shape (batch dimension first).
private func broadcastBatchMask(_ mask: Value, like value: Value, _ e: BatchEmitter) throws -> Value {
    guard value.type.shape.count > 1 else { return mask }
    return try e.append(.broadcastInDim, [mask], attributes: [
        "shape": .ints(value.type.shape), "broadcast_dimensions": .ints([0]),
    ])[0]
}

extension While {
    /// `lax.while_loop`'s batching rule. Carried values batched on entry, or
    /// that become batched in the body (a fixpoint), are carried batched at
    /// 0. With a shared predicate the loop is the same loop, batched. With
    /// a batched predicate every carried value is batched, the loop runs
    /// while any example's predicate holds, and the body keeps the carried
    /// values of finished examples (a `select` on their predicate). A
    /// `trip_count` stays: every example runs that many steps, so the
    /// batched loop does too.
    public var batching: Batching {
        .rule { e in
            let (condition, body) = (e.regions[0], e.regions[1])
            var batched = e.operands.map { $0.batchDimension != nil }
            var predicateBatched = false
            while true {
                if try e.region(condition, batched: batched).batched[0] {
                    predicateBatched = true
                    batched = batched.map { _ in true }
                    break
                }
                let next = zip(batched, try e.region(body, batched: batched).batched).map { $0 || $1 }
                if next == batched { break }
                batched = next
            }
            let operands = try e.operands.indices.map { batched[$0] ? try e.leading($0) : e.operands[$0].value }
            let regions = predicateBatched
                ? try maskedLoopRegions(e, types: operands.map(\.type))
                : [try e.region(condition, batched: batched).region,
                   try e.region(body, batched: batched, results: batched).region]
            let results = try e.builder.append(.whileLoop, operands, attributes: e.attributes, regions: regions,
                                               location: e.location)
            return zip(results, batched).map { ($0, $1 ? 0 : nil) }
        }
    }
}

/// The condition and body of a loop whose predicate is batched, all
/// carried values batched at 0 (`types`): the condition is "any example's
/// predicate holds"; the body steps every example and keeps the old
/// values of those whose predicate is false.
private func maskedLoopRegions(_ e: BatchEmitter, types: [TensorType]) throws -> [Region] {
    let (condition, body) = (e.regions[0], e.regions[1])
    func predicate(_ carried: [Value]) throws -> Value {
        let result = try e.inline(condition, arguments: carried.map { ($0, 0) })[0]
        return try e.leading(result.value, batchDimension: result.batchDimension)
    }
    let any = try e.builder.region(arguments: types) { carried in
        try e.append(.reduce, [try predicate(carried)], attributes: ["dimensions": .ints([0]), "kind": .string("or")])
    }
    let step = try e.builder.region(arguments: types) { carried in
        let running = try predicate(carried)
        let next = try e.inline(body, arguments: carried.map { ($0, 0) })
        return try zip(next, carried).map { next, old in
            let new = try e.leading(next.value, batchDimension: next.batchDimension)
            return try e.append(.select, [try broadcastBatchMask(running, like: new, e), new, old], attributes: [:])[0]
        }
    }
    return [any, step]
}
