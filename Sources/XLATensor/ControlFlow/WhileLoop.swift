import XLAIR

/// Repeats `body` on a state while `condition` holds (`lax.while_loop`).
///
/// The state is any ``TensorTree``; `body` must return the same structure
/// with the same shapes and dtypes, and `condition` a `bool` scalar. The loop
/// is compiled (outside `jit` too). Its trip count is unknown while
/// tracing, so reverse-mode differentiation through it is an error: use
/// ``scan(_:_:length:reverse:body:file:line:)`` or
/// ``forLoop(_:_:_:body:file:line:)``, as in JAX.
///
/// ```swift
/// // Doubles x until its sum exceeds 100.
/// let y = whileLoop(x, condition: { $0.sum() .< 100 }, body: { $0 * 2 })
/// ```
///
/// An error `condition` or `body` throws comes out with its type.
public func whileLoop<State: TensorTree, Failure: Error>(
    _ initial: State, condition: @escaping (State) throws(Failure) -> Tensor,
    body: @escaping (State) throws(Failure) -> State, file: String = #fileID, line: Int = #line
) throws(Failure) -> State {
    let place = location(file, line)
    let lax = { (initial: State) throws(Failure) -> State in
        try loop(initial, condition: condition, body: body, place: place)
    }
    guard let implicit = ImplicitStateContext.current else { return try lax(initial) }
    return try implicit.whileLoop(initial, body: body, loop: lax)
}

/// ``whileLoop(_:condition:body:file:line:)`` with its location given, and
/// the number of steps when the caller knows it (`scan`, `forLoop`), which
/// reverse-mode differentiation needs. Implicit state (``ImplicitState``)
/// is carried with the loop's own state.
func loop<State: TensorTree, Failure: Error>(
    _ initial: State, condition: @escaping (State) throws(Failure) -> Tensor,
    body: @escaping (State) throws(Failure) -> State, tripCount: Int? = nil, place: String?
) throws(Failure) -> State {
    guard let implicit = ImplicitStateContext.current else {
        return try plainLoop(initial, condition: condition, body: body, tripCount: tripCount, place: place)
    }
    return try loop(initial, carrying: implicit, condition: condition, body: body, tripCount: tripCount, place: place)
}

/// ``loop(_:condition:body:tripCount:place:)`` carrying `implicit`'s values
/// with the loop's own state.
private func loop<State: TensorTree, Implicit: ImplicitState, Failure: Error>(
    _ initial: State, carrying implicit: Implicit, condition: @escaping (State) throws(Failure) -> Tensor,
    body: @escaping (State) throws(Failure) -> State, tripCount: Int?, place: String?
) throws(Failure) -> State {
    implicit.prepareToCarry()
    let outer = implicit.snapshot()
    let names = outer.keys.sorted()
    let install = { (values: [Tensor]) in implicit.restore(Dictionary(uniqueKeysWithValues: zip(names, values))) }
    let start = TreePair(first: initial, second: names.map { outer[$0]! })
    let final = try plainLoop(start, condition: { carry throws(Failure) in
        install(carry.second)
        defer { implicit.restore(outer) }
        let predicate = try condition(carry.first)
        let after = implicit.snapshot()
        if zip(names, carry.second).contains(where: { name, value in after[name].map { !$0.isSameValue(as: value) } ?? true })
            || after.count != names.count {
            TracingContext.current?.fail(.invalidTransformation(
                reason: "a loop condition changed state or drew a random key; do that in the body", location: place))
        }
        return predicate
    }, body: { carry throws(Failure) in
        install(carry.second)
        defer { implicit.restore(outer) }
        let next = try body(carry.first)
        implicit.prepareToCarry()
        let after = implicit.snapshot()
        let created = after.keys.filter { outer[$0] == nil }.sorted()
        guard created.isEmpty else {
            TracingContext.current?.fail(.invalidTransformation(
                reason: "a loop body created \(created.map(\.description).joined(separator: ", ")), which must exist before the loop",
                location: place))
            return carry
        }
        return TreePair(first: next, second: names.map { after[$0]! })
    }, tripCount: tripCount, place: place)
    install(final.second)
    return final.first
}

private func plainLoop<State: TensorTree, Failure: Error>(
    _ initial: State, condition: @escaping (State) throws(Failure) -> Tensor,
    body: @escaping (State) throws(Failure) -> State, tripCount: Int?, place: String?
) throws(Failure) -> State {
    let errors = UserErrors<Failure>()
    return try withTrace(initial, location: place, errors: errors, fallback: { () throws(Failure) in initial }) { trace, initial in
        let operands = try trace.values(of: initial, location: place)
        let carried = operands.map(\.type)
        let (conditionRegion, predicate) = try trace.region(arguments: initial, location: place) { state in
            [try errors.running { () throws(Failure) in try condition(state) }]
        }
        guard predicate[0].type == TensorType(.bool, []) else {
            throw TensorError.invalidOperation(.invalidOperands(
                op: "while_loop", operandTypes: [predicate[0].type],
                reason: "the condition must return a bool scalar", location: place))
        }
        let (bodyRegion, next) = try trace.region(arguments: initial, location: place) { state in
            try errors.running { () throws(Failure) in try body(state) }
        }
        let returned = next.leaves.map(\.type)
        guard returned == carried else {
            throw TensorError.invalidOperation(.invalidOperands(
                op: "while_loop", operandTypes: carried,
                reason: "the body returns (\(returned.map(\.description).joined(separator: ", "))) but the loop carries (\(carried.map(\.description).joined(separator: ", ")))",
                location: place))
        }
        let results = try trace.builder.append(.whileLoop, operands,
                                               attributes: tripCount.map { ["trip_count": .int($0)] } ?? [:],
                                               regions: [conditionRegion, bodyRegion], location: place)
        return trace.tree(initial, values: results)
    }
}

/// Runs `body(i, state)` for `i` in `lower..<upper` (`lax.fori_loop`); `i`
/// is an `int32` scalar. The bounds are static, so the loop can be
/// differentiated in reverse mode. An error `body` throws comes out with
/// its type.
public func forLoop<State: TensorTree, Failure: Error>(
    _ lower: Int, _ upper: Int, _ initial: State, body: @escaping (Tensor, State) throws(Failure) -> State,
    file: String = #fileID, line: Int = #line
) throws(Failure) -> State {
    guard let first = Int32(exactly: lower), let last = Int32(exactly: upper) else {
        let error = TensorError.invalidOperation(.invalidOperands(
            op: "fori_loop", operandTypes: [], reason: "bounds \(lower) and \(upper) must fit in int32",
            location: location(file, line)))
        TracingContext.current?.fail(error)
        return initial.mapTensors { .poisoned(error, type: $0.type) }
    }
    let place = location(file, line)
    let end = Tensor(last)
    let lax = { (first: Int32, initial: State) throws(Failure) -> State in
        try loop(LoopState(index: Tensor(first), state: initial),
                 condition: { (carry) throws(Failure) in carry.index .< end },
                 body: { (carry) throws(Failure) in
                     LoopState(index: carry.index + 1, state: try body(carry.index, carry.state))
                 },
                 tripCount: Swift.max(0, Int(last) - Int(first)), place: place).state
    }
    guard let implicit = ImplicitStateContext.current else { return try lax(first, initial) }
    return try implicit.forLoop(first, last, initial, body: body, loop: lax)
}

/// A loop counter and the user's state, carried together.
struct LoopState<State: TensorTree>: TensorTree {
    var index: Tensor
    var state: State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> LoopState {
        LoopState(index: try transform(index), state: try state.mapTensors(transform))
    }
}
