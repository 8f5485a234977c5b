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
/// `evalShape` discards its changes.
public protocol ImplicitState: AnyObject, Sendable {
    /// Whether new values may appear while a function runs (Haiku's
    /// `initialize`). Loops then need a fixed structure: `scan` and
    /// `forLoop` run their first step outside the loop, `whileLoop` runs its
    /// body once (Haiku's `running_init` pattern), and branches that create
    /// values all run, in order.
    var createsValues: Bool { get }

    /// Every value now, by name.
    func snapshot() -> [String: Tensor]

    /// Replaces every value by `values` (names it lacks are removed).
    func restore(_ values: [String: Tensor])

    /// How the value `name` is called in error messages.
    func displayName(of name: String) -> String

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
    let state: any ImplicitState
    /// The values before the function ran.
    let before: [String: Tensor]
    /// The values after it ran, by name.
    let after: [String: Tensor]
    /// The names whose value changed, sorted.
    let changed: [String]

    /// The changed values, in ``changed`` order.
    var tensors: [Tensor] { changed.map { after[$0]! } }

    /// Installs the values after the function, with the changed ones
    /// replaced by `outer` (the function's extra outputs in the caller).
    func apply(_ outer: [Tensor]) {
        var values = after
        for (name, tensor) in zip(changed, outer) { values[name] = tensor }
        state.restore(values)
    }
}

extension ImplicitStateContext {
    /// Runs `body` and returns what it changed in the implicit state, which
    /// is restored to its value before `body` (the changes are the caller's
    /// to apply with ``ImplicitChanges/apply(_:)``).
    static func tracking<Result>(_ body: () throws -> Result) rethrows -> (Result, ImplicitChanges?) {
        guard let state = current else { return (try body(), nil) }
        let before = state.snapshot()
        let result: Result
        do { result = try body() } catch { state.restore(before); throw error }
        let after = state.snapshot()
        state.restore(before)
        let changed = after.keys.filter { name in before[name].map { !$0.isSameValue(as: after[name]!) } ?? true }.sorted()
        return (result, ImplicitChanges(state: state, before: before, after: after, changed: changed))
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
