import Synchronization

/// The mixed-precision policies set per module class
/// (``setPolicy(for:_:)``), keyed by the exact class: a policy for
/// `ResNet50` is not one for `ResNet`.
final class PolicyTable: Sendable {
    private let policies = Mutex<[ObjectIdentifier: Policy]>([:])

    /// The table the functions below and the method boundary use: one for
    /// the whole process, unless ``isolated(_:)`` gave the task its own.
    @TaskLocal static var current = PolicyTable()

    /// Runs `body` with an empty table of its own (the tests' way to set
    /// policies without touching other tests running at the same time).
    static func isolated<Result>(_ body: () throws -> Result) rethrows -> Result {
        try $current.withValue(PolicyTable(), operation: body)
    }

    /// Whether no policy is set.
    var isEmpty: Bool { policies.withLock { $0.isEmpty } }

    /// The policy set for `module`, if any.
    func policy(for module: Module.Type) -> Policy? {
        policies.withLock { $0[ObjectIdentifier(module)] }
    }

    /// Sets (or with nil clears) the policy for `module`.
    func setPolicy(_ policy: Policy?, for module: Module.Type) {
        policies.withLock { $0[ObjectIdentifier(module)] = policy }
    }
}

/// The policy of the innermost module method running under one
/// (`hk.mixed_precision.current_policy`).
enum ActivePolicy {
    /// Nil outside every method of a module with a policy.
    @TaskLocal static var current: Policy?
}

/// Uses `policy` for every instance of `module` (`hk.mixed_precision.set_policy`):
/// its methods cast their floating-point arguments to the compute dtype and
/// their results to the output dtype, parameters are created in the
/// parameter dtype and read in the compute dtype, in these methods and in
/// those of the modules they call. The policy holds for the whole process
/// (Haiku's, for the thread) until ``clearPolicy(for:)``; set policies
/// before transforming.
public func setPolicy(for module: Module.Type, _ policy: Policy) {
    PolicyTable.current.setPolicy(policy, for: module)
}

/// The policy set for `module` with ``setPolicy(for:_:)``, if any
/// (`hk.mixed_precision.get_policy`); a policy of an enclosing module is
/// not reported.
public func getPolicy(for module: Module.Type) -> Policy? {
    PolicyTable.current.policy(for: module)
}

/// Removes the policy set for `module`, if any (`hk.mixed_precision.clear_policy`).
public func clearPolicy(for module: Module.Type) {
    PolicyTable.current.setPolicy(nil, for: module)
}

/// The policy in force now: that of the innermost module method running
/// with a policy, or nil (`hk.mixed_precision.current_policy`).
public func currentPolicy() -> Policy? { ActivePolicy.current }

/// Runs `body` with `policy` set for `module`, then restores the policy it
/// had (`hk.mixed_precision.push_policy`).
///
/// - Throws: ``HaikuError/invalidArgument(_:location:)`` when called inside
///   a method of `module` itself (as Haiku, which refuses to change a
///   class's policy while one of its methods runs), or what `body` throws.
public func pushPolicy<Result>(for module: Module.Type, _ policy: Policy, _ body: () throws -> Result) throws -> Result {
    if let running = Frame.current?.modules.last, type(of: running) == module {
        throw HaikuError.invalidArgument("Pushing a policy inside a method on the same class is not supported.", location: nil)
    }
    let previous = getPolicy(for: module)
    setPolicy(for: module, policy)
    defer { PolicyTable.current.setPolicy(previous, for: module) }
    return try body()
}
