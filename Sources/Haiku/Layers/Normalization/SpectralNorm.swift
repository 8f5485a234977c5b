/// Normalizes a matrix by its largest singular value (`hk.SpectralNorm`),
/// estimated by power iteration from a vector kept in state.
///
/// State: `u0` of shape `[1, n]` (`n` the input's last dimension; initial
/// value `RandomNormal()`, so `initialize` needs a key) and `sigma` of
/// shape `[]` (the last estimate, created by the first call that updates
/// the state), both in the input's dtype.
///
/// ```swift
/// let f = transformWithState { (w: Tensor) in SpectralNorm()(w) }
/// let (params, state) = try f.initialize(rng: PRNGKey(0), w)
/// let (normalized, newState) = try f.apply(params, state, rng: nil, w)
/// ```
public final class SpectralNorm: Module {
    /// Added to the squared norm before the square root, for stability.
    public let eps: Double
    /// The number of power-iteration steps per call.
    public let nSteps: Int

    /// A spectral normalization.
    ///
    /// - Parameters:
    ///   - eps: added to the squared norm of each power-iteration vector
    ///     (Haiku's default `1e-4`).
    ///   - nSteps: power-iteration steps per call (at least 1; checked when
    ///     the module is called).
    ///   - name: the module's name (default `spectral_norm`).
    public init(eps: Double = 1e-4, nSteps: Int = 1, name: ModuleName = nil) {
        self.eps = eps
        self.nSteps = nSteps
        super.init(name: name)
    }

    /// The arguments that differ from Haiku's defaults (e.g. `eps: 0.001, nSteps: 3`).
    public override var configuration: [String] {
        (eps == 1e-4 ? [] : ["eps: \(eps)"]) + (nSteps == 1 ? [] : ["nSteps: \(nSteps)"])
    }

    /// `value` divided by its largest singular value.
    ///
    /// `value` has rank 2, or more: then it is viewed as the matrix
    /// `[product of the leading dimensions, last dimension]` (unless
    /// `errorOnNonMatrix`) and the result has `value`'s shape. Each call runs
    /// ``nSteps`` power-iteration steps from the state `u0`; the singular
    /// vectors are constants to differentiation (`lax.stop_gradient`), the
    /// estimate `sigma` is not.
    ///
    /// - Parameters:
    ///   - value: the matrix (or tensor) to normalize.
    ///   - updateStats: whether the state `u0` and `sigma` are set to this
    ///     call's vector and estimate; the result is the same either way.
    ///   - errorOnNonMatrix: whether an input of rank above 2 is an error
    ///     instead of being flattened.
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): a
    /// scalar or vector input, an input of rank above 2 with
    /// `errorOnNonMatrix`, `nSteps` below 1.
    public func callAsFunction(_ value: Tensor, updateStats: Bool = true, errorOnNonMatrix: Bool = false) -> Tensor {
        method(value, updateStats, errorOnNonMatrix) { value, updateStats, errorOnNonMatrix in
            guard value.rank > 1 else {
                return invalidArgument("Spectral normalization is not well defined for scalar or vector inputs")
                    .poisoned(value.type)
            }
            guard value.rank == 2 || !errorOnNonMatrix else {
                return invalidArgument("Input is \(value.rank)D but error_on_non_matrix is True").poisoned(value.type)
            }
            guard nSteps >= 1 else {
                return invalidArgument("n_steps must be at least 1, not \(nSteps)").poisoned(value.type)
            }
            let columns = value.shape[value.rank - 1]
            let matrix = value.rank == 2 ? value : value.reshaped([-1, columns])
            var u0 = getState("u0", shape: [1, columns], dtype: matrix.dtype, init: RandomNormal())
            var v0 = u0
            for _ in 0..<nSteps {
                v0 = l2Normalized(matmul(u0, matrix.transposed([1, 0])))
                u0 = l2Normalized(matmul(v0, matrix))
            }
            u0 = stopGradient(u0)
            v0 = stopGradient(v0)
            let sigma = matmul(matmul(v0, matrix), u0.transposed())[0, 0]
            if updateStats {
                setState("u0", u0)
                setState("sigma", sigma)
            }
            return (matrix / sigma).reshaped(value.shape)
        }
    }

    /// The state `u0`, the current right singular vector estimate
    /// (`SpectralNorm.u0`); it must exist.
    public var u0: Tensor {
        method { getState("u0") }
    }

    /// The state `sigma`, the last singular value estimate
    /// (`SpectralNorm.sigma`); a float32 one before any call has set it.
    public var sigma: Tensor {
        method { getState("sigma", shape: [], init: Constant(1)) }
    }

    /// `x · rsqrt(Σx² + eps)`: `x` scaled to unit L2 norm over all its
    /// elements, with Haiku's arithmetic (`_l2_normalize`).
    private func l2Normalized(_ x: Tensor) -> Tensor {
        x * rsqrt(square(x).sum(keepDims: true) + eps)
    }
}

extension SpectralNorm: Layer {
    /// `callAsFunction(value, updateStats:errorOnNonMatrix:)` with the
    /// call's `updateStats` and `errorOnNonMatrix` (`Bool`s) when given.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        arguments.call(self, accepting: ["updateStats", "errorOnNonMatrix"], inputs) { () throws(HaikuError) in
            callAsFunction(inputs, updateStats: try arguments.value("updateStats", by: self) ?? true,
                           errorOnNonMatrix: try arguments.value("errorOnNonMatrix", by: self) ?? false)
        }
    }
}
