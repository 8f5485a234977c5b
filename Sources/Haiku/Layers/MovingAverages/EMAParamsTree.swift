/// An exponential moving average of every parameter of a tree
/// (`hk.EMAParamsTree`), for evaluating a network with averaged weights.
///
/// ```swift
/// let network = transform { (x: Tensor) in Linear(10)(x) }
/// let params = try network.initialize(rng: PRNGKey(428), Tensor.ones([1, 1]))
/// let ema = transformWithState { (params: Params) in EMAParamsTree(decay: 0.2)(params) }
/// let (_, emaState) = try ema.initialize(rng: nil, params)
/// let (emaParams, newState) = try ema.apply([:], emaState, params)
/// ```
///
/// Each parameter `module/name` gets its own ``ExponentialMovingAverage``
/// submodule, named as in Haiku: `/` becomes `__` and `~` becomes
/// `_tilde_` (`ema_params_tree/linear__w`, made in the call). A parameter whose
/// `module/name` matches `ignoreRegex` at its start (Python's `re.match`)
/// is returned as it is.
public final class EMAParamsTree: Module {
    /// The decay of every average.
    public let decay: Double
    /// Whether the averages are zero-debiased.
    public let zeroDebias: Bool
    /// How many calls the averages only follow the values.
    public let warmupLength: Int
    /// The pattern (Swift `Regex` syntax, which reads Python's common
    /// patterns alike) of the parameters left alone; empty for none.
    public let ignoreRegex: String

    /// Moving averages of a parameter tree; see ``ExponentialMovingAverage``
    /// for `decay`, `zeroDebias` and `warmupLength`.
    public init(decay: Double, zeroDebias: Bool = true, warmupLength: Int = 0, ignoreRegex: String = "",
                name: ModuleName = nil) {
        (self.decay, self.zeroDebias, self.warmupLength, self.ignoreRegex) = (decay, zeroDebias, warmupLength, ignoreRegex)
        super.init(name: name)
    }

    /// `decay: 0.9`, and the other arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        ["decay: \(decay)"] + (zeroDebias ? [] : ["zeroDebias: false"])
            + (warmupLength == 0 ? [] : ["warmupLength: \(warmupLength)"])
            + (ignoreRegex.isEmpty ? [] : ["ignoreRegex: \"\(ignoreRegex)\""])
    }

    /// `tree` with every parameter (but the ignored ones) replaced by its
    /// moving average, updated when `updateStats`. Modules and parameters
    /// are visited in sorted order, so the averages are created in the
    /// order Haiku creates them for its sorted parameter dictionaries.
    /// An `ignoreRegex` that is not a valid pattern is an error.
    public func callAsFunction(_ tree: Params, updateStats: Bool = true) -> Params {
        method(tree, updateStats) { tree, updateStats in
            mapParameters(tree, ignoring: ignoreRegex) { fullName, value in
                ExponentialMovingAverage(decay: decay, zeroDebias: zeroDebias, warmupLength: warmupLength,
                                         name: ModuleName(submoduleName(fullName, tilde: "_tilde_")))(
                    value, updateStats: updateStats)
            }
        }
    }
}
