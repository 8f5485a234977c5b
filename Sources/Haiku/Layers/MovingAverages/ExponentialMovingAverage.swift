/// An exponential moving average with Adam's zero-debiasing
/// (`hk.ExponentialMovingAverage`).
///
/// State: `counter` (int32 scalar, starting at `-warmupLength`), `hidden`
/// (the biased average) and `average` (what ``average`` reads), the last
/// two of the value's shape and dtype.
///
/// ```swift
/// let ema = ExponentialMovingAverage(decay: 0.9)
/// let smoothed = ema(loss)     // updates the state
/// let peek = ema(loss, updateStats: false)
/// ```
///
/// Each call computes `hidden = hidden·decay + value·(1 - decay)` and
/// `average = hidden / (1 - decay^counter)` (or `hidden` without
/// zero-debiasing). While `counter ≤ 0` (the warm-up), `decay` is 0, so the
/// average follows the value.
public final class ExponentialMovingAverage: Module {
    /// The decay, in `[0, 1)` (another value is an error when the module is
    /// called; Haiku documents the range without checking it): near 1
    /// decays slowly.
    public let decay: Double
    /// Whether the average is divided by `1 - decay^counter`.
    public let zeroDebias: Bool
    /// How many calls the average only follows the value.
    public let warmupLength: Int

    /// A moving average; `warmupLength` must be non-negative and, when
    /// positive, `zeroDebias` false (errors reported when the module is used).
    public init(decay: Double, zeroDebias: Bool = true, warmupLength: Int = 0, name: ModuleName = nil) {
        (self.decay, self.zeroDebias, self.warmupLength) = (decay, zeroDebias, warmupLength)
        super.init(name: name)
    }

    /// `decay: 0.9`, and the other arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        ["decay: \(decay)"] + (zeroDebias ? [] : ["zeroDebias: false"])
            + (warmupLength == 0 ? [] : ["warmupLength: \(warmupLength)"])
    }

    /// A decay outside `[0, 1)` is an error (Haiku documents the range
    /// but does not check it); `name` is the argument's name in Haiku.
    static func checkDecay(_ decay: Double, name: String) throws(HaikuError) {
        guard (0..<1).contains(decay) else {
            throw HaikuError.invalidArgument("`\(name)` must be in [0, 1), not \(decay)", location: nil)
        }
    }

    /// The decay's error, then Haiku's constructor errors, in its order.
    private func checkConfiguration() throws(HaikuError) {
        try Self.checkDecay(decay, name: "decay")
        if warmupLength < 0 {
            throw HaikuError.invalidArgument("`warmup_length` is \(warmupLength), but should be non-negative.", location: nil)
        }
        if warmupLength != 0 && zeroDebias {
            throw HaikuError.invalidArgument(
                "Zero debiasing does not make sense when warming up the value of the average to an initial value. "
                    + "Set zero_debias=False if setting warmup_length to a non-zero value.", location: nil)
        }
    }

    /// Creates `hidden` and `average` as zeros of `shape` and `dtype` if
    /// they do not exist yet.
    public func initialize(shape: [Int], dtype: ElementType = .float32) {
        method(shape, dtype) { shape, dtype in
            do throws(HaikuError) {
                try checkConfiguration()
            } catch {
                _ = invalidArgument(error.reason).poisoned(TensorType(dtype, shape))
                return
            }
            _ = getState("hidden", shape: shape, dtype: dtype, init: Constant(0))
            _ = getState("average", shape: shape, dtype: dtype, init: Constant(0))
        }
    }

    /// Folds `value` into the average and returns the new average; the
    /// state keeps it only when `updateStats`.
    public func callAsFunction(_ value: Tensor, updateStats: Bool = true) -> Tensor {
        method(value, updateStats) { value, updateStats in
            reportingErrors(value) { () throws(HaikuError) in
                try checkConfiguration()
                let counter = getState("counter", shape: [], dtype: .int32, init: Constant(-warmupLength)) + 1
                var decay = Tensor(decay, dtype: value.dtype)
                if warmupLength > 0 { decay = select(counter .<= 0, 0.0, decay) }
                let one = Tensor.ones([], dtype: value.dtype)
                let hidden = getState("hidden", shape: value.shape, dtype: value.dtype, init: Constant(0)) * decay
                    + value * (one - decay)
                let average = zeroDebias ? hidden / (one - pow(decay, counter.converted(to: value.dtype))) : hidden
                if updateStats {
                    setState("counter", counter)
                    setState("hidden", hidden)
                    setState("average", average)
                }
                return average
            }
        }
    }

    /// The state `average`: the last average kept (zeros after
    /// ``initialize(shape:dtype:)``).
    public var average: Tensor {
        method { getState("average") }
    }
}
