/// ``scan(_:_:length:reverse:body:file:line:)`` with `unroll` steps of
/// `body` in each iteration of the compiled loop (`lax.scan`'s `unroll`):
/// the same results, a larger loop body for XLA to optimize across steps.
///
/// `unroll` 0 or 1 is one step per iteration; `unroll` at least the length
/// runs every step in line (no loop). Otherwise the loop runs
/// `length / unroll` iterations of `unroll` steps, and the remaining
/// `length % unroll` steps run in line after it.
///
/// A negative `unroll` poisons the results with a ``TensorError`` naming
/// `scan` (JAX raises `ValueError`).
public func scan<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ initial: Carry, _ xs: X, length: Int? = nil, reverse: Bool = false, unroll: Int,
    body: @escaping (Carry, X) throws(Failure) -> (Carry, Y), file: String = #fileID, line: Int = #line
) throws(Failure) -> (carry: Carry, ys: Y) {
    guard unroll >= 0 else {
        return try failedScan(initial, xs, location: location(file, line), body: body,
                              reason: "unroll must be 0 or more, not \(unroll)")
    }
    let lengths = Set(xs.leaves.map { $0.shape.first ?? -1 })
    let count = length ?? lengths.first ?? -1
    // One step per iteration, and every length problem, are the plain scan's.
    guard unroll > 1, count > 0, lengths.isSubset(of: [count]) else {
        return try scanTrees(initial, xs, length: length, reverse: reverse, body: body, file: file, line: line)
    }
    if unroll >= count { return try scanUnrolled(initial, xs, count: count, reverse: reverse, body: body) }
    let blocks = count / unroll, remaining = count % unroll
    // The loop takes the elements a scan in this direction reaches first.
    let looped = reverse ? remaining..<count : 0..<(count - remaining)
    let rest = reverse ? 0..<remaining : (count - remaining)..<count
    let blocked = xs.mapTensors { $0[looped].reshaped([blocks, unroll] + $0.shape.dropFirst()) }
    let loop = try scanTrees(initial, blocked, length: blocks, reverse: reverse, body: { (carry: Carry, block: X) throws(Failure) -> (Carry, Y) in
        let steps = try scanUnrolled(carry, block, count: unroll, reverse: reverse, body: body)
        return (steps.carry, steps.ys)
    }, file: file, line: line)
    let loopYs = loop.ys.mapTensors { $0.reshaped([blocks * unroll] + $0.shape.dropFirst(2)) }
    guard remaining > 0 else { return (loop.carry, loopYs) }
    let tail = try scanUnrolled(loop.carry, xs.mapTensors { $0[rest] }, count: remaining, reverse: reverse, body: body)
    let ys = zip(loopYs.leaves, tail.ys.leaves).map { inLoop, inLine in
        concatenate(reverse ? [inLine, inLoop] : [inLoop, inLine])
    }
    return (tail.carry, loopYs.replacingLeaves(with: ys))
}
