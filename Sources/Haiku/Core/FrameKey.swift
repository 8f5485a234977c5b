/// What names one value a ``Frame`` threads through transformations: its
/// ``ImplicitState/Key``. Loops carry the values in this type's order:
/// parameters, the random stream, state.
enum FrameKey: Hashable, Comparable, CustomStringConvertible {
    /// Parameter `name` of module `bundle` (threaded only while initializing).
    case parameter(bundle: String, name: String)
    /// A key of the random stream.
    case randomStream(RandomStreamSlot)
    /// One of the two values of state `name` of module `bundle`.
    case state(bundle: String, name: String, StateSlot)

    var description: String {
        switch self {
        case let .parameter(bundle, name): "parameter '\(bundle)/\(name)'"
        case .randomStream: "the random key sequence"
        case let .state(bundle, name, _): "state '\(bundle)/\(name)'"
        }
    }
}

/// Which key of a ``PRNGSequence`` a ``FrameKey/randomStream(_:)`` names.
enum RandomStreamSlot: Hashable, Comparable {
    /// The reserved key at this position (``PRNGSequence/reserved``).
    case reserved(Int)
    /// The key the next reservation splits (``PRNGSequence/key``).
    case key
}

/// Which value of a state (``StatePair``) a ``FrameKey/state(bundle:name:_:)`` names.
enum StateSlot: Hashable, Comparable {
    /// Its value now.
    case current
    /// Its value when it was created.
    case initial
}
