/// A function using parameters and state, as a pair of pure functions
/// (`hk.TransformedWithState`): `initialize` makes the parameters and the
/// initial state, `apply` runs the function with them and returns its
/// output and the updated state.
///
/// Both are compiled with XLA once per input signature and cached; inside
/// another trace (`jit`, `grad`, ...) they are traced inline, so a
/// training step that calls `apply` under `grad` is one program.
///
/// Not `Sendable`: it keeps the user's closure, which may hold modules.
public final class TransformedWithState<each Input: TensorTree, Output: TensorTree>: CustomStringConvertible {
    private let initializer: JITFunction<PRNGKey?, Inputs<repeat each Input>, Bundles>
    private let applier: JITFunction<Params, State, PRNGKey?, Inputs<repeat each Input>, Applied<Output>>
    private let place: String?
    /// The user's function, for summaries that trace it without running it.
    let function: (repeat each Input) throws -> Output

    init(_ function: @escaping (repeat each Input) throws -> Output, location place: String?) {
        self.place = place
        self.function = function
        initializer = jit { (rng: PRNGKey?, inputs: Inputs<repeat each Input>) throws -> Bundles in
            let frame = Frame(isInitializing: true, rng: rng)
            _ = try frame.runCheckingBoundaries { try function(repeat each inputs.values) }
            return Bundles(params: frame.params, state: frame.initialState)
        }
        applier = jit { (params: Params, state: State, rng: PRNGKey?, inputs: Inputs<repeat each Input>) throws -> Applied<Output> in
            let frame = Frame(isInitializing: false, params: params, state: state, rng: rng)
            let output = try frame.runCheckingBoundaries { try function(repeat each inputs.values) }
            return Applied(output: output, state: frame.currentState)
        }
    }

    /// The pair's signatures and where the function was transformed, as
    /// Haiku prints `TransformedWithState(init=<function ...>, apply=<function ...>)`:
    /// `TransformedWithState(initialize: (rng: PRNGKey?, Tensor) -> (Params, State), apply: (Params, State, rng: PRNGKey?, Tensor) -> (Tensor, State), at: "main.swift:3")`.
    public var description: String {
        let inputs = inputTypeNames(repeat (each Input).self)
        return "TransformedWithState(initialize: (\((["rng: PRNGKey?"] + inputs).joined(separator: ", "))) -> (Params, State), "
            + "apply: (\((["Params", "State", "rng: PRNGKey?"] + inputs).joined(separator: ", "))) -> (\(Output.self), State)"
            + (place.map { ", at: \"\($0)\")" } ?? ")")
    }

    /// Where the function was transformed, when in the user's code.
    var transformedAt: String? { place }

    /// The parameters and initial state (`init`): runs the function once,
    /// creating every parameter and state it uses.
    ///
    /// - Parameters:
    ///   - rng: the key random initializers draw from; nil when nothing is random.
    ///   - inputs: example inputs (their shapes and dtypes decide the parameters').
    /// - Throws: ``HaikuError`` for a misuse (``HaikuError/invalidKey(_:location:)``
    ///   or ``HaikuError/poisonedKey(_:location:)`` for an `rng` that is not
    ///   one usable key), or the first error an operation made.
    public func initialize(
        rng: PRNGKey?, _ inputs: repeat each Input, file: String = #fileID, line: Int = #line
    ) throws -> (params: Params, state: State) {
        try check(rng, file: file, line: line)
        let bundles = try locatingMissingRNG(file: file, line: line) { try initializer(rng, Inputs(values: (repeat each inputs))) }
        return (bundles.params, bundles.state)
    }

    /// The function's output and updated state (`apply`).
    ///
    /// - Parameters:
    ///   - params: parameters from ``initialize(rng:_:file:line:)`` (possibly trained).
    ///   - state: the state from `initialize` or the previous `apply`.
    ///   - rng: the key for random numbers (dropout, ...); nil when none are used.
    /// - Throws: ``HaikuError`` (a missing parameter, a missing or unusable
    ///   key, ...), or the first error an operation made.
    public func apply(
        _ params: Params, _ state: State, rng: PRNGKey? = nil, _ inputs: repeat each Input,
        file: String = #fileID, line: Int = #line
    ) throws -> (output: Output, state: State) {
        try check(rng, file: file, line: line)
        let applied = try locatingMissingRNG(file: file, line: line) {
            try applier(params, state, rng, Inputs(values: (repeat each inputs)))
        }
        return (applied.output, applied.state)
    }

    /// `body`'s result; a ``HaikuError/missingRNG(location:)`` raised where
    /// no user location was known (a key drawn inside Haiku, such as a
    /// random initializer's) names the user's `initialize`/`apply` call.
    private func locatingMissingRNG<Result>(file: String, line: Int, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch HaikuError.missingRNG(location: nil) {
            throw HaikuError.missingRNG(location: location(file, line) ?? place)
        }
    }

    /// Throws when `rng` is not one usable key, naming the user's call (or,
    /// for a call made inside Haiku, where the function was transformed).
    private func check(_ rng: PRNGKey?, file: String, line: Int) throws {
        if let rng, let problem = HaikuError.problem(with: rng, location: location(file, line) ?? place) { throw problem }
    }
}

/// Parameters and state together, as `initialize` returns them.
struct Bundles: TensorTree {
    var params: Params
    var state: State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Bundles {
        Bundles(params: try params.mapTensors(transform), state: try state.mapTensors(transform))
    }
}

/// An output and the updated state, as `apply` returns them.
struct Applied<Output: TensorTree>: TensorTree {
    var output: Output
    var state: State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Applied {
        Applied(output: try output.mapTensors(transform), state: try state.mapTensors(transform))
    }
}

/// A transformed function's inputs as one tree.
struct Inputs<each Input: TensorTree>: TensorTree {
    let values: (repeat each Input)

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Inputs {
        Inputs(values: (repeat try (each values).mapTensors(transform)))
    }

    func appendStructure(to key: inout String) {
        for value in repeat each values { value.appendStructure(to: &key) }
    }
}

/// The names of the types in a parameter pack, in order.
func inputTypeNames<each Input>(_ types: repeat (each Input).Type) -> [String] {
    var names: [String] = []
    for type in repeat each types { names.append("\(type)") }
    return names
}
