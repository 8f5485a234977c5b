/// Registers the parameters and state of an inner stateful function in the
/// outer one (`hk.experimental.lift_with_state`). The result gives the
/// inner parameters and state (made by `inner.initialize` while the outer
/// function initializes, read from the outer ones while it applies); after
/// `inner.apply`, hand the new state to the updater so the outer function
/// returns it.
///
/// ```swift
/// let (paramsAndState, updater) = liftWithState(inner, name: "inner")
/// let (params, state) = paramsAndState(runningInit() ? nextRNGKey() : nil, x)
/// let (y, newState) = try inner.apply(params, state, x)
/// updater.update(newState)
/// ```
public func liftWithState<each Input: TensorTree, Output: TensorTree>(
    _ inner: TransformedWithState<repeat each Input, Output>, name: String = "lifted",
    file: String = #fileID, line: Int = #line
) -> (LiftedWithState<repeat each Input, Output>, LiftWithStateUpdater) {
    let prefix = Box<String>()
    return (LiftedWithState(inner: inner, name: name, prefix: prefix, location: location(file, line)),
            LiftWithStateUpdater(prefix: prefix))
}

/// An inner stateful function's parameters and state, registered in the
/// outer one; made by ``liftWithState(_:name:file:line:)``.
public struct LiftedWithState<each Input: TensorTree, Output: TensorTree> {
    let inner: TransformedWithState<repeat each Input, Output>
    let name: String
    let prefix: Box<String>
    let location: String?

    /// The inner parameters and state.
    public func callAsFunction(_ rng: PRNGKey?, _ inputs: repeat each Input) -> (params: Params, state: State) {
        guard let frame = Frame.current else { return ([:], [:]) }
        let prefix = LiftingModule(name: ModuleName(name)).moduleName
        self.prefix.value = prefix
        guard frame.isInitializing else {
            return (frame.params.strippingPrefix(prefix), frame.currentState.strippingPrefix(prefix))
        }
        guard let (params, state) = frame.recordingFailure(location: location, {
            try inner.initialize(rng: rng, repeat each inputs)
        }) else { return ([:], [:]) }
        for (module, values) in params { frame.params["\(prefix)/\(module)"] = values }
        for (module, values) in state {
            frame.state["\(prefix)/\(module)"] = values.mapValues { StatePair(initial: $0, current: $0) }
        }
        return (params, state)
    }
}

/// Puts an inner function's updated state into the outer one
/// (`hk.experimental.LiftWithStateUpdater`).
public struct LiftWithStateUpdater {
    let prefix: Box<String>

    /// Sets the outer state under the lifted name to `state`.
    public func update(_ state: State) {
        guard let frame = Frame.current, let prefix = prefix.value else { return }
        for (module, values) in state {
            for (name, value) in values { frame.state["\(prefix)/\(module)"]?[name]?.current = value }
        }
    }
}

/// A value shared by a lifted function and its updater.
final class Box<Value> {
    var value: Value?
}

extension Dictionary where Key == String, Value == [String: Tensor] {
    /// The entries under `prefix/`, with the prefix removed.
    func strippingPrefix(_ prefix: String) -> Self {
        var stripped: Self = [:]
        for (module, values) in self where module.hasPrefix(prefix + "/") {
            stripped[String(module.dropFirst(prefix.count + 1))] = values
        }
        return stripped
    }
}
