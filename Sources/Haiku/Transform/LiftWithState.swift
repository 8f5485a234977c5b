/// Registers the parameters and state of an inner stateful function in the
/// outer one (`hk.experimental.lift_with_state`). The result gives the
/// inner parameters and state (made by `inner.initialize` while the outer
/// function initializes, read from the outer ones while it applies); after
/// `inner.apply`, hand the new state to the updater so the outer function
/// returns it.
///
/// ```swift
/// let (paramsAndState, updater) = liftWithState(inner, name: "inner")
/// let (params, state) = try paramsAndState(runningInit() ? nextRNGKey() : nil, x)
/// let (y, newState) = try inner.apply(params, state, x)
/// try updater.update(newState)
/// ```
public func liftWithState<each Input: TensorTree, Output: TensorTree>(
    _ inner: TransformedWithState<repeat each Input, Output>, name: String = "lifted",
    file: String = #fileID, line: Int = #line
) -> (LiftedWithState<repeat each Input, Output>, LiftWithStateUpdater) {
    let lifted = Box<LiftedScope>(), place = location(file, line)
    return (LiftedWithState(inner: inner, name: name, lifted: lifted, location: place),
            LiftWithStateUpdater(lifted: lifted, location: place))
}

/// An inner stateful function's parameters and state, registered in the
/// outer one; made by ``liftWithState(_:name:file:line:)``.
public struct LiftedWithState<each Input: TensorTree, Output: TensorTree> {
    let inner: TransformedWithState<repeat each Input, Output>
    let name: String
    let lifted: Box<LiftedScope>
    let location: String?

    /// The inner parameters and state.
    ///
    /// - Throws: ``HaikuError/outsideTransform(function:location:)`` when
    ///   called outside a transformed function (Haiku raises `ValueError`).
    public func callAsFunction(_ rng: PRNGKey?, _ inputs: repeat each Input) throws -> (params: Params, state: State) {
        try liftValues(name: name, transparent: false, scope: lifted, function: "liftWithState", location: location) {
            try inner.initialize(rng: rng, repeat each inputs)
        }
    }
}

/// The parameters and state an inner function registers in the outer one
/// under the lifting module `name` (Haiku's `LiftingModule`): made by
/// `initialize` while the outer function initializes, read back from the
/// outer values while it applies; `scope` remembers where, for the updater.
/// A transparent lift names them under the lifting module's parent
/// (`hk.experimental.transparent_lift_with_state`).
func liftValues(
    name: String, transparent: Bool, scope: Box<LiftedScope>, function: String, location: String?,
    initialize: () throws -> (params: Params, state: State)
) throws -> (params: Params, state: State) {
    guard let frame = Frame.current else { throw HaikuError.outsideTransform(function: function, location: location) }
    let moduleName = LiftingModule(name: ModuleName(name)).moduleName
    let prefix = transparent ? String(moduleName[..<(moduleName.lastIndex(of: "/") ?? moduleName.startIndex)]) : moduleName
    scope.value = LiftedScope(prefix: prefix, frame: frame)
    guard frame.isInitializing else {
        return (frame.params.strippingPrefix(prefix), frame.currentState.strippingPrefix(prefix))
    }
    guard let (params, state) = frame.recordingFailure(location: location, initialize) else { return ([:], [:]) }
    for (module, values) in params { frame.params[liftedName(module, under: prefix)] = values }
    for (module, values) in state {
        frame.state[liftedName(module, under: prefix)] = values.mapValues { StatePair(initial: $0, current: $0) }
    }
    return (params, state)
}

/// An inner module's name in the outer function: under `prefix`, or as it
/// is when the prefix is empty (a transparent lift at the top level).
func liftedName(_ module: String, under prefix: String) -> String {
    prefix.isEmpty ? module : "\(prefix)/\(module)"
}

/// Puts an inner function's updated state into the outer one
/// (`hk.experimental.LiftWithStateUpdater`).
public struct LiftWithStateUpdater {
    let lifted: Box<LiftedScope>
    let location: String?

    /// Sets the outer state under the lifted name to `state`.
    ///
    /// - Throws: ``HaikuError/outsideTransform(function:location:)``
    ///   outside a transformed function;
    ///   ``HaikuError/invalidArgument(_:location:)`` before the lifted
    ///   function ran in this call of `initialize`/`apply`, or in another
    ///   transformed function than the one it ran in (Haiku raises
    ///   `ValueError` for both).
    public func update(_ state: State) throws {
        guard let frame = Frame.current else {
            throw HaikuError.outsideTransform(function: "LiftWithStateUpdater.update", location: location)
        }
        guard let scope = lifted.value, scope.frame === frame else {
            throw HaikuError.invalidArgument(
                "the updater of liftWithState must be used after its lifted function, within the same call to initialize/apply",
                location: location)
        }
        for (module, values) in state {
            for (name, value) in values { frame.state[liftedName(module, under: scope.prefix)]?[name]?.current = value }
        }
    }
}

/// A value shared by a lifted function and its updater.
final class Box<Value> {
    var value: Value?
}

/// Where a lifted function last ran: the prefix of its names and the
/// frame of the transformed function that called it.
struct LiftedScope {
    let prefix: String
    weak var frame: Frame?
}

extension SortedDictionary where Key == String, Value == SortedDictionary<String, Tensor> {
    /// The entries under `prefix/`, with the prefix removed (all of them
    /// for an empty prefix).
    func strippingPrefix(_ prefix: String) -> Self {
        if prefix.isEmpty { return self }
        var stripped: Self = [:]
        for (module, values) in self where module.hasPrefix(prefix + "/") {
            stripped[String(module.dropFirst(prefix.count + 1))] = values
        }
        return stripped
    }
}
