/// Spectral normalization of every parameter of a tree (`hk.SNParamsTree`):
/// one ``SpectralNorm`` per parameter, named after it (`mlp/~/linear_0` and
/// `w` give `mlp___tilde__linear_0__w`: `/` becomes `__`, `~` `_tilde`),
/// except the parameters `ignoreRegex` matches, passed through unchanged.
///
/// Parameters are visited in sorted order (modules, then names in each), so
/// that is the order in which `initialize` draws their `u0`.
public final class SNParamsTree: Module {
    /// Added to squared norms in each ``SpectralNorm``.
    public let eps: Double
    /// Power-iteration steps per call in each ``SpectralNorm``.
    public let nSteps: Int
    /// The regular expression (matched at the start of `"module/parameter"`,
    /// as Python's `re.match`) of the parameters left alone; empty for none.
    public let ignoreRegex: String

    /// Spectral normalization of a parameter tree.
    ///
    /// - Parameters:
    ///   - eps: see ``SpectralNorm/eps`` (Haiku's default `1e-4`).
    ///   - nSteps: see ``SpectralNorm/nSteps``.
    ///   - ignoreRegex: the names left alone (an invalid pattern is
    ///     reported when the module is called).
    ///   - name: the module's name (default `sn_params_tree`).
    public init(eps: Double = 1e-4, nSteps: Int = 1, ignoreRegex: String = "", name: ModuleName = nil) {
        self.eps = eps
        self.nSteps = nSteps
        self.ignoreRegex = ignoreRegex
        super.init(name: name)
    }

    /// The arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        (eps == 1e-4 ? [] : ["eps: \(eps)"]) + (nSteps == 1 ? [] : ["nSteps: \(nSteps)"])
            + (ignoreRegex.isEmpty ? [] : ["ignoreRegex: \"\(ignoreRegex)\""])
    }

    /// `tree` with each parameter not skipped spectrally normalized (see
    /// ``SpectralNorm/callAsFunction(_:updateStats:errorOnNonMatrix:)``,
    /// which rejects scalars and vectors: skip biases with `ignoreRegex`).
    public func callAsFunction(_ tree: Params, updateStats: Bool = true) -> Params {
        method(tree, updateStats) { tree, updateStats in
            mapParameters(tree, ignoring: ignoreRegex) { fullName, value in
                SpectralNorm(eps: eps, nSteps: nSteps, name: ModuleName(submoduleName(fullName, tilde: "_tilde")))(
                    value, updateStats: updateStats)
            }
        }
    }
}
