import Synchronization

/// Everything one run of a transformed function keeps beside the traced
/// program (Haiku's frame): parameters, state, the random-key sequence,
/// module naming and the interceptor stacks.
///
/// It is the ``ImplicitState`` that `grad`, `vmap`, loops and branches
/// thread through the functions they trace, which is why JAX
/// transformations work directly inside `transform` here.
final class Frame: ImplicitState, @unchecked Sendable {
    /// The frame of the transformed function running now (task-local).
    @TaskLocal static var current: Frame?

    /// Whether this run is `initialize` (parameters may be created).
    let isInitializing: Bool
    var params: Params
    var state: SortedDictionary<String, SortedDictionary<String, StatePair>>
    /// Random-key sequences, innermost (``withRNG(_:file:line:_:)``) last; nil when
    /// the run got no key.
    var rngStack: [PRNGSequence?]
    private(set) var firstError: HaikuError?

    /// Method scopes, the transformed function's own first.
    var scopes: [NamingScope]
    /// Modules whose methods are running, innermost last.
    var modules: [Module] = []
    /// For each module, the full names of the modules whose methods ran
    /// inside its methods (Haiku's `_submodules`), which its
    /// ``Module/paramsDict()`` includes whatever their names.
    var calledModules: [ObjectIdentifier: Set<String>] = [:]
    var creators: [Interception<Creator>] = []
    var getters: [Interception<Getter>] = []
    var interceptors: [MethodInterceptor] = []
    /// How many single keys (``nextRNGKey(file:line:)``) the run has drawn, which
    /// ``optimizeRNGUse(file:line:_:)`` counts.
    var singleKeysDrawn = 0

    init(isInitializing: Bool, params: Params = [:], state: State = [:], rng: PRNGKey?) {
        self.isInitializing = isInitializing
        self.params = params
        self.state = state.mapValues { $0.mapValues { StatePair(initial: $0, current: $0) } }
        rngStack = [rng.map { PRNGSequence($0) }]
        scopes = [NamingScope(owner: nil, method: "__call__")]
    }

    /// Runs `body` with this frame current; ops traced meanwhile are named
    /// after the module whose method runs (``NamedScope``).
    func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        try Frame.$current.withValue(self) {
            try NamedScope.$library.withValue({ self.modules.last?.moduleName }) {
                try ImplicitStateContext.$current.withValue(self, operation: body)
            }
        }
    }

    /// Runs `body` with this frame current; the first Haiku error recorded
    /// (the root cause) is thrown in preference to later errors.
    func runReportingFirstError<Result>(_ body: () throws -> Result) throws -> Result {
        let result: Result
        do { result = try run(body) } catch {
            throw firstError ?? error
        }
        if let firstError { throw firstError }
        return result
    }

    /// Records the first Haiku error of the run and returns a tensor error
    /// to poison the affected value with.
    func fail(_ error: HaikuError) -> TensorError {
        if firstError == nil { firstError = error }
        return .invalidTransformation(reason: error.description, location: nil)
    }

    /// Notes that a method of `module` ran inside the methods of every
    /// module now running (a name scope is not such a module).
    func recordCall(of module: Module) {
        guard !(module is NameScopeModule) else { return }
        let name = module.moduleName
        for caller in modules where caller !== module {
            calledModules[ObjectIdentifier(caller), default: []].insert(name)
        }
    }

    /// The bundle new parameters and state go in: the innermost module's
    /// name, or `~` outside modules.
    var bundle: String { modules.last?.moduleName ?? "~" }

    /// The state's initial values (what `initialize` returns).
    var initialState: State { state.mapValues { $0.mapValues(\.initial) } }

    /// The state's current values (what `apply` returns).
    var currentState: State { state.mapValues { $0.mapValues(\.current) } }

    // MARK: ImplicitState (control-flow policy in Frame+ControlFlow.swift)

    func snapshot() -> [FrameKey: Tensor] {
        var values: [FrameKey: Tensor] = [:]
        if isInitializing {
            for (bundle, entries) in params {
                for (name, value) in entries { values[.parameter(bundle: bundle, name: name)] = value }
            }
        }
        for (bundle, entries) in state {
            for (name, pair) in entries {
                values[.state(bundle: bundle, name: name, .initial)] = pair.initial
                values[.state(bundle: bundle, name: name, .current)] = pair.current
            }
        }
        if let sequence = rngStack.last ?? nil {
            values[.randomStream(.key)] = sequence.key.data
            for (index, key) in sequence.reserved.enumerated() { values[.randomStream(.reserved(index))] = key.data }
        }
        return values
    }

    func restore(_ values: [FrameKey: Tensor]) {
        var params: Params = [:]
        var state: SortedDictionary<String, SortedDictionary<String, StatePair>> = [:]
        var key: PRNGKey?
        var reserved: [(Int, PRNGKey)] = []
        for (name, value) in values {
            switch name {
            case let .parameter(bundle, name): params[bundle, default: [:]][name] = value
            case let .state(bundle, name, slot):
                var pair = state[bundle]?[name] ?? StatePair(initial: value, current: value)
                switch slot {
                case .initial: pair.initial = value
                case .current: pair.current = value
                }
                state[bundle, default: [:]][name] = pair
            case .randomStream(.key): key = PRNGKey(data: value)
            case let .randomStream(.reserved(index)): reserved.append((index, PRNGKey(data: value)))
            }
        }
        if isInitializing { self.params = params }
        self.state = state
        if let key {
            rngStack[rngStack.count - 1] = PRNGSequence(key: key, reserved: reserved.sorted { $0.0 < $1.0 }.map(\.1))
        }
    }

    func prepareToCarry() {
        if var sequence = rngStack.last ?? nil {
            sequence.reserveUpToFull()
            rngStack[rngStack.count - 1] = sequence
        }
    }

    func reactivate<Result>(_ body: () -> Result) -> Result { run(body) }

    func checkpoint() -> ImplicitCheckpoint {
        let values = snapshot()
        let (scopes, modules, rngStack) = (self.scopes, self.modules, self.rngStack)
        let naming = scopes.map(\.memento)
        return ImplicitCheckpoint { [self] in
            (self.scopes, self.modules, self.rngStack) = (scopes, modules, rngStack)
            for (scope, memento) in zip(scopes, naming) { scope.memento = memento }
            restore(values)
        }
    }
}

/// A state's value when it was created and its value now.
struct StatePair {
    var initial: Tensor
    var current: Tensor
}

/// An interceptor registered for parameters, state or both.
struct Interception<Function> {
    let function: Function
    let params: Bool
    let state: Bool
}
