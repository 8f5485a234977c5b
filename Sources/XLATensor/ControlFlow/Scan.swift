import XLAIR

/// Loops `body` over the leading axis of `xs`, carrying state and stacking
/// the per-step outputs (`lax.scan`).
///
/// `body(carry, x)` returns the next carry and this step's output `y`; the
/// result is the final carry and the `y`s stacked along a new leading axis.
/// `length` is needed when `xs` has no leaves; `reverse` runs from the last
/// element to the first (outputs stay in input order). An error `body`
/// throws comes out of `scan` with its type (a body that does not throw
/// makes `scan` need no `try`).
public func scan<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ initial: Carry, _ xs: X, length: Int? = nil, reverse: Bool = false,
    body: @escaping (Carry, X) throws(Failure) -> (Carry, Y), file: String = #fileID, line: Int = #line
) throws(Failure) -> (carry: Carry, ys: Y) {
    try scanTrees(initial, xs, length: length, reverse: reverse, body: body, file: file, line: line)
}

/// ``scan(_:_:length:reverse:body:file:line:)`` under a name of its own, for
/// the overloads that pack tuples of trees into one tree and call it.
func scanTrees<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ initial: Carry, _ xs: X, length: Int?, reverse: Bool,
    body: @escaping (Carry, X) throws(Failure) -> (Carry, Y), file: String, line: Int
) throws(Failure) -> (carry: Carry, ys: Y) {
    let place = location(file, line)
    let lengths = Set(xs.leaves.map { $0.shape.first ?? -1 })
    let count = length ?? lengths.first ?? -1
    guard count >= 0, count <= Int(Int32.max), lengths.isSubset(of: [count]) else {
        return try failedScan(initial, xs, location: place, body: body,
                              reason: length == nil && lengths.isEmpty ? "scan over no arrays needs a length"
                                : "every xs leaf needs leading dimension \(count), found \(lengths.sorted())")
    }
    if ScanTracing.unrollsLoops {
        return try scanUnrolled(initial, xs, count: count, reverse: reverse, body: body)
    }
    let lax = { (initial: Carry, xs: X, count: Int) throws(Failure) -> (carry: Carry, ys: Y) in
        let output = try scanned(initial, xs, count: count, reverse: reverse, place: place, body: body)
        return (output.carry, output.ys)
    }
    guard let implicit = ImplicitStateContext.current else { return try lax(initial, xs, count) }
    return try implicit.scan(initial, xs, count: count, reverse: reverse, body: body, loop: lax)
}

/// How `scan` is traced.
package enum ScanTracing {
    /// Whether `scan` runs its body once per element instead of tracing a
    /// loop, as JAX's does under `jax.disable_jit()`: Haiku's
    /// `eval_summary` summarizes that way, so a core unrolled over T steps
    /// shows T calls.
    @TaskLocal package static var unrollsLoops = false
}

/// `scan` as `count` calls of `body`, its outputs stacked.
func scanUnrolled<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ initial: Carry, _ xs: X, count: Int, reverse: Bool, body: (Carry, X) throws(Failure) -> (Carry, Y)
) throws(Failure) -> (carry: Carry, ys: Y) {
    guard count > 0 else {
        let (_, y) = try body(initial, xs.mapTensors { Tensor.zeros(Array($0.shape.dropFirst()), dtype: $0.dtype) })
        return (initial, y.mapTensors { Tensor.zeros([0] + $0.shape, dtype: $0.dtype) })
    }
    var carry = initial
    var ys: [Y] = []
    for step in 0..<count {
        let (next, y) = try body(carry, xs.mapTensors { $0[TensorIndex.at(reverse ? count - 1 - step : step)] })
        carry = next
        ys.append(y)
    }
    if reverse { ys.reverse() }
    let leaves = ys.map(\.leaves)
    return (carry, ys[0].replacingLeaves(with: leaves[0].indices.map { leaf in stack(leaves.map { $0[leaf] }) }))
}

/// The results of a scan that cannot run, poisoned with an error giving
/// `reason` (made from `body`'s on the first elements, so they have the
/// types the caller expects); the error is the trace's too.
func failedScan<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ initial: Carry, _ xs: X, location place: String?, body: (Carry, X) throws(Failure) -> (Carry, Y), reason: String
) throws(Failure) -> (carry: Carry, ys: Y) {
    let error = TensorError.invalidOperation(.invalidOperands(
        op: "scan", operandTypes: xs.leaves.map(\.type), reason: reason, location: place))
    TracingContext.current?.fail(error)
    let output = try firstStep(initial, xs, body: body).mapTensors { .poisoned(error, type: $0.type) }
    return (output.carry, output.ys)
}

/// The carry and one step's output on the first elements, what the results
/// of a scan that failed are made from (then poisoned).
private func firstStep<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ initial: Carry, _ xs: X, body: (Carry, X) throws(Failure) -> (Carry, Y)
) throws(Failure) -> ScanOutput<Carry, Y> {
    ScanOutput(carry: initial, ys: try body(initial, xs.mapTensors { $0[0] }).1)
}

/// `lax.scan` of `body` over `count` elements of `xs`, as a traced loop.
private func scanned<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ initial: Carry, _ xs: X, count: Int, reverse: Bool, place: String?,
    body: @escaping (Carry, X) throws(Failure) -> (Carry, Y)
) throws(Failure) -> ScanOutput<Carry, Y> {
    let input = ScanInput(carry: initial, xs: xs)
    let fallback = { () throws(Failure) in try firstStep(initial, xs, body: body) }
    let errors = UserErrors<Failure>()
    return try withTrace(input, location: place, errors: errors, fallback: fallback) { trace, input in
        try scanInTrace(trace, input, count: count, reverse: reverse, place: place, body: body, errors: errors)
    }
}

/// The scan's loop in `trace`; an error `body` throws is kept in `errors`.
private func scanInTrace<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
    _ trace: TracingContext, _ input: ScanInput<Carry, X>, count: Int, reverse: Bool, place: String?,
    body: @escaping (Carry, X) throws(Failure) -> (Carry, Y), errors: UserErrors<Failure>
) throws -> ScanOutput<Carry, Y> {
    func step(_ state: ScanState<Carry, [Tensor]>) throws(Failure) -> (Carry, Y) {
        let position = reverse ? Tensor(Int32(count - 1)) - state.index : state.index
        // A scan of length 0 never runs its body: trace it on zeros of one element's shape.
        let x = input.xs.mapTensors { leaf in
            count == 0 ? Tensor.zeros(Array(leaf.shape.dropFirst()), dtype: leaf.dtype)
                : leaf.dynamicSlice(at: position, place: place)
        }
        return try body(state.carry, x)
    }
    // TracingContext the body once to learn the outputs' types, then build the loop.
    let probe = ScanState(index: Tensor(Int32(0)), carry: input.carry, accumulators: [Tensor]())
    let (_, probed) = try ImplicitStateContext.discarding {
        try trace.region(arguments: probe, location: place) { state in
            ScanOutput(pair: try errors.running { () throws(Failure) in try step(state) })
        }
    }
    if count == 0 {
        return ScanOutput(carry: input.carry, ys: probed.ys.mapTensors { Tensor.zeros([0] + $0.shape, dtype: $0.dtype) })
    }
    // Traced broadcasts of a zero: a host array as long as the sequence would be built and staged at every trace.
    let accumulators = probed.ys.leaves.map { Tensor.zeros([], dtype: $0.dtype).broadcast(to: [count] + $0.shape) }
    let initial = ScanState(index: Tensor(Int32(0)), carry: input.carry, accumulators: accumulators)
    let limit = Tensor(Int32(count))
    let final = try errors.running { () throws(Failure) in try loop(initial, condition: { (state) throws(Failure) in state.index .< limit }, body: { state throws(Failure) in
        let (carry, y) = try step(state)
        let position = reverse ? Tensor(Int32(count - 1)) - state.index : state.index
        let updated = zip(state.accumulators, y.leaves).map { accumulator, value in
            accumulator.dynamicUpdateSlice(value.expandingDimensions(axis: 0), at: position, place: place)
        }
        return ScanState(index: state.index + 1, carry: carry, accumulators: updated)
    }, tripCount: count, place: place) }
    if let error = trace.firstError { throw error }
    return ScanOutput(carry: final.carry, ys: probed.ys.replacingLeaves(with: final.accumulators))
}

extension Tensor {
    /// The slice at `position` along the leading axis, without that axis.
    func dynamicSlice(at position: Tensor, place: String?) -> Tensor {
        let zero = Tensor(Int32(0))
        let starts = [position] + Array(repeating: zero, count: Swift.max(0, rank - 1))
        return Tensor.apply(.dynamicSlice, [self] + starts, attributes: ["slice_sizes": .ints([1] + shape.dropFirst())],
                            location: place, fallback: TensorType(dtype, [1] + shape.dropFirst()))
            .reshaped(Array(shape.dropFirst()))
    }

    /// This tensor with `update` written at `position` along the leading axis.
    func dynamicUpdateSlice(_ update: Tensor, at position: Tensor, place: String?) -> Tensor {
        let zero = Tensor(Int32(0))
        let starts = [position] + Array(repeating: zero, count: Swift.max(0, rank - 1))
        return Tensor.apply(.dynamicUpdateSlice, [self, update.converted(to: dtype)] + starts, location: place,
                            fallback: type)
    }
}

/// What a scan carries: a step index, the user's carry and the stacked outputs.
private struct ScanState<Carry: TensorTree, Accumulators: TensorTree>: TensorTree {
    var index: Tensor
    var carry: Carry
    var accumulators: Accumulators

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> ScanState {
        ScanState(index: try transform(index), carry: try carry.mapTensors(transform),
                  accumulators: try accumulators.mapTensors(transform))
    }
}

/// A scan's inputs as one tree.
private struct ScanInput<Carry: TensorTree, X: TensorTree>: TensorTree {
    var carry: Carry
    var xs: X

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> ScanInput {
        ScanInput(carry: try carry.mapTensors(transform), xs: try xs.mapTensors(transform))
    }
}

/// A scan's results as one tree.
private struct ScanOutput<Carry: TensorTree, Y: TensorTree>: TensorTree {
    var carry: Carry
    var ys: Y

    init(carry: Carry, ys: Y) {
        self.carry = carry
        self.ys = ys
    }

    init(pair: (Carry, Y)) { self.init(carry: pair.0, ys: pair.1) }

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> ScanOutput {
        ScanOutput(carry: try carry.mapTensors(transform), ys: try ys.mapTensors(transform))
    }
}
