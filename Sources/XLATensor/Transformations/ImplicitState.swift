/// Values a library keeps beside the traced program, which every
/// transformation threads through the functions it traces: Haiku's state,
/// random-key sequence and, while initializing, parameters.
///
/// With one installed (``ImplicitStateContext/current``), a function traced
/// by `grad`, `vmap`, `scan`, `forLoop`, `whileLoop`, `cond`,
/// `switchBranch`, `remat` or `evalShape` may read and replace these values
/// as if it ran in place: values it reads come in unbatched and
/// undifferentiated; values it replaces come out (as auxiliary outputs of
/// `grad`, unbatched outputs of `vmap`, loop carries, branch results);
/// `evalShape` discards its changes. Control flow itself follows `lax`
/// unless the state's control-flow policy (``ImplicitState/scan(_:_:count:reverse:body:loop:)``
/// and its siblings in `ImplicitState+ControlFlow.swift`) says otherwise.
public protocol ImplicitState: AnyObject, Sendable {
    /// What names one value (Haiku: a parameter, a state's initial or
    /// current value, a key of the random stream). Loops carry values in
    /// the keys' sorted order; a key's description names its value in
    /// error messages.
    associatedtype Key: Hashable & Comparable & CustomStringConvertible

    /// Every value now, by key.
    func snapshot() -> [Key: Tensor]

    /// Replaces every value by `values` (keys it lacks are removed).
    func restore(_ values: [Key: Tensor])

    /// Brings the values to the structure they keep across loop steps and
    /// branches (Haiku reserves a full block of random keys).
    func prepareToCarry()

    /// A way back to this moment: the values and the library's own
    /// bookkeeping (Haiku's module names and scopes), for code traced only
    /// to be discarded (`evalShape`, a rematerialization probe) or re-run
    /// (a rematerialized function's recomputation).
    func checkpoint() -> ImplicitCheckpoint

    /// Runs `body` with this state current again, for code that re-runs
    /// user functions after the trace that made them (a rematerialized
    /// function's recomputation during differentiation).
    func reactivate<Result>(_ body: () -> Result) -> Result

    /// How `scan` runs `body` over `count` elements of `xs`; `loop(carry,
    /// xs, count)` is `lax.scan` over the given elements, which carries
    /// these values. Without an answer of the library's: `loop(initial,
    /// xs, count)`.
    func scan<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
        _ initial: Carry, _ xs: X, count: Int, reverse: Bool,
        body: (Carry, X) throws(Failure) -> (Carry, Y),
        loop: (Carry, X, Int) throws(Failure) -> (carry: Carry, ys: Y)
    ) throws(Failure) -> (carry: Carry, ys: Y)

    /// How `forLoop` runs `body` for the indices `lower..<upper`;
    /// `loop(start, state)` is `lax.fori_loop` from `start` to `upper`.
    /// Without an answer of the library's: `loop(lower, initial)`.
    func forLoop<State: TensorTree, Failure: Error>(
        _ lower: Int32, _ upper: Int32, _ initial: State,
        body: (Tensor, State) throws(Failure) -> State,
        loop: (Int32, State) throws(Failure) -> State
    ) throws(Failure) -> State

    /// How `whileLoop` runs `body`; `loop(state)` is `lax.while_loop`.
    /// Without an answer of the library's: `loop(initial)`.
    func whileLoop<State: TensorTree, Failure: Error>(
        _ initial: State, body: (State) throws(Failure) -> State,
        loop: (State) throws(Failure) -> State
    ) throws(Failure) -> State

    /// The result of a `cond` or `switchBranch` (`op`) whose branches
    /// create values, which a traced branch cannot return; `run(number)`
    /// runs branch `number` in place. `nil` (the answer without one of the
    /// library's) makes the branch an error.
    func branchesCreatingValues<Output: TensorTree, Failure: Error>(
        op: String, index: Tensor, count: Int, run: (Int) throws(Failure) -> Output
    ) throws(Failure) -> Output?
}

/// Puts an ``ImplicitState`` back to the moment it was made.
public struct ImplicitCheckpoint {
    private let restoring: () -> Void

    /// A checkpoint that calls `restore` to go back.
    public init(restore: @escaping () -> Void) { restoring = restore }

    /// Goes back to the checkpoint.
    public func restore() { restoring() }
}

/// Where transformations find the ``ImplicitState`` to thread.
public enum ImplicitStateContext {
    /// The implicit state of the code running now, if any (task-local).
    @TaskLocal public static var current: (any ImplicitState)?
}

/// The implicit values a traced function changed, to return from it.
struct ImplicitChanges {
    /// The changed values, in key order.
    let tensors: [Tensor]
    /// What the changed values are called in error messages, in the same order.
    let names: [String]
    /// Installs the values after the function, with the changed ones
    /// replaced by the given tensors.
    private let install: ([Tensor]) -> Void

    /// The changes of `state` from `before` to `after`.
    init<State: ImplicitState>(of state: State, from before: [State.Key: Tensor], to after: [State.Key: Tensor]) {
        let changed = after.keys.filter { key in before[key].map { !$0.isSameValue(as: after[key]!) } ?? true }.sorted()
        tensors = changed.map { after[$0]! }
        names = changed.map(\.description)
        install = { outer in
            var values = after
            for (key, tensor) in zip(changed, outer) { values[key] = tensor }
            state.restore(values)
        }
    }

    /// Installs the values after the function, with the changed ones
    /// replaced by `outer` (the function's extra outputs in the caller).
    func apply(_ outer: [Tensor]) { install(outer) }
}

extension ImplicitStateContext {
    /// Runs `body` and returns what it changed in the implicit state, which
    /// is restored to its value before `body` (the changes are the caller's
    /// to apply with ``ImplicitChanges/apply(_:)``).
    static func tracking<Result>(_ body: () throws -> Result) rethrows -> (Result, ImplicitChanges?) {
        guard let state = current else { return (try body(), nil) }
        return try tracking(state, body)
    }

    private static func tracking<State: ImplicitState, Result>(
        _ state: State, _ body: () throws -> Result
    ) rethrows -> (Result, ImplicitChanges?) {
        let before = state.snapshot()
        let result: Result
        do { result = try body() } catch { state.restore(before); throw error }
        let after = state.snapshot()
        state.restore(before)
        return (result, ImplicitChanges(of: state, from: before, to: after))
    }

    /// Runs `body` with `state` current and as it was at `start`, then puts
    /// it back as it was.
    static func replaying<Result>(_ start: ImplicitCheckpoint?, in state: (any ImplicitState)?,
                                  _ body: () -> Result) -> Result {
        guard let state, let start else { return body() }
        return state.reactivate {
            $current.withValue(state) {
                let now = state.checkpoint()
                defer { now.restore() }
                start.restore()
                return body()
            }
        }
    }

    /// Runs `body` and puts the implicit state back as it was.
    static func discarding<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard let state = current else { return try body() }
        let before = state.checkpoint()
        defer { before.restore() }
        return try body()
    }
}

extension Tensor {
    /// Whether both tensors are the same value (the same traced value or
    /// buffer), not merely equal.
    func isSameValue(as other: Tensor) -> Bool {
        switch (storage, other.storage) {
        case let (.traced(a, traceA), .traced(b, traceB)): return a.id == b.id && traceA === traceB
        case let (.device(a), .device(b)): return a === b
        case let (.host(a), .host(b)): return a === b
        default: return false
        }
    }
}
