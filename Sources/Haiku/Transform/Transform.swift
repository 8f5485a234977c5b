/// A function using parameters (no state), as a pair of pure functions
/// (`hk.Transformed`): `initialize` makes the parameters, `apply` runs the
/// function with them. Made by ``transform(_:file:line:)``.
///
/// Not `Sendable`: it keeps the user's closure, which may hold modules.
public final class Transformed<each Input: TensorTree, Output: TensorTree>: CustomStringConvertible {
    /// The same function with state in and out (`with_empty_state` undone).
    let stateful: TransformedWithState<repeat each Input, Output>

    init(_ stateful: TransformedWithState<repeat each Input, Output>) { self.stateful = stateful }

    /// The pair's signatures and where the function was transformed, as
    /// Haiku prints `Transformed(init=<function ...>, apply=<function ...>)`:
    /// `Transformed(initialize: (rng: PRNGKey?, Tensor) -> Params, apply: (Params, rng: PRNGKey?, Tensor) -> Tensor, at: "main.swift:3")`.
    public var description: String {
        let inputs = inputTypeNames(repeat (each Input).self)
        return "Transformed(initialize: (\((["rng: PRNGKey?"] + inputs).joined(separator: ", "))) -> Params, "
            + "apply: (\((["Params", "rng: PRNGKey?"] + inputs).joined(separator: ", "))) -> \(Output.self)"
            + (stateful.transformedAt.map { ", at: \"\($0)\")" } ?? ")")
    }

    /// The parameters (`init`).
    ///
    /// - Throws: ``HaikuError/stateInStatelessTransform(names:)`` when the
    ///   function uses state, ``HaikuError`` for other misuses, or the first
    ///   error an operation made.
    public func initialize(
        rng: PRNGKey?, _ inputs: repeat each Input, file: String = #fileID, line: Int = #line
    ) throws -> Params {
        let (params, state) = try stateful.initialize(rng: rng, repeat each inputs, file: file, line: line)
        try Self.requireNoState(state)
        return params
    }

    /// The function's output (`apply`). `rng` may be left out when the
    /// function draws no random numbers (`without_apply_rng`).
    public func apply(
        _ params: Params, rng: PRNGKey? = nil, _ inputs: repeat each Input, file: String = #fileID, line: Int = #line
    ) throws -> Output {
        let (output, state) = try stateful.apply(params, [:], rng: rng, repeat each inputs, file: file, line: line)
        try Self.requireNoState(state)
        return output
    }

    private static func requireNoState(_ state: State) throws {
        guard state.isEmpty else {
            throw HaikuError.stateInStatelessTransform(names: state.flatMap { module, values in values.keys.map { "\(module)/\($0)" } }.sorted())
        }
    }
}

/// Turns a function using ``parameter(_:shape:dtype:init:file:line:)``
/// and modules into a pair of pure functions (`hk.transform`).
///
/// ```swift
/// let forward = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
/// let params = try forward.initialize(rng: PRNGKey(42), x)
/// let logits = try forward.apply(params, x)
/// ```
///
/// JAX transformations (`vmap`, `grad`, `scan`, `cond`, ...) can be used
/// directly inside the function: parameters are shared, not mapped.
public func transform<each Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> Output, file: String = #fileID, line: Int = #line
) -> Transformed<repeat each Input, Output> {
    Transformed(TransformedWithState(function, location: location(file, line)))
}

/// Turns a function using parameters and state (``getState(_:shape:dtype:init:file:line:)``,
/// ``setState(_:_:file:line:)``) into a pair of pure functions (`hk.transform_with_state`).
///
/// ```swift
/// let counter = transformWithState { (x: Tensor) -> Tensor in
///     let count = getState("counter", shape: [], dtype: .int32, init: .zeros)
///     setState("counter", count + 1)
///     return x
/// }
/// var (params, state) = try counter.initialize(rng: nil, x)
/// (_, state) = try counter.apply(params, state, x)
/// ```
public func transformWithState<each Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> Output, file: String = #fileID, line: Int = #line
) -> TransformedWithState<repeat each Input, Output> {
    TransformedWithState(function, location: location(file, line))
}

/// `transformed` without state in or out (`hk.without_state`): its
/// `initialize` and `apply` throw when the function uses state.
public func withoutState<each Input: TensorTree, Output: TensorTree>(
    _ transformed: TransformedWithState<repeat each Input, Output>
) -> Transformed<repeat each Input, Output> {
    Transformed(transformed)
}

/// `transformed` with an (always empty) state in and out
/// (`hk.with_empty_state`), for code written for stateful functions.
public func withEmptyState<each Input: TensorTree, Output: TensorTree>(
    _ transformed: Transformed<repeat each Input, Output>
) -> TransformedWithState<repeat each Input, Output> {
    transformed.stateful
}

/// `transformed` unchanged (`hk.without_apply_rng`): here `apply`'s `rng`
/// is optional already; kept so Haiku code reads the same.
public func withoutApplyRNG<each Input: TensorTree, Output: TensorTree>(
    _ transformed: Transformed<repeat each Input, Output>
) -> Transformed<repeat each Input, Output> {
    transformed
}

/// `transformed` unchanged (`hk.without_apply_rng`); see the stateless overload.
public func withoutApplyRNG<each Input: TensorTree, Output: TensorTree>(
    _ transformed: TransformedWithState<repeat each Input, Output>
) -> TransformedWithState<repeat each Input, Output> {
    transformed
}
