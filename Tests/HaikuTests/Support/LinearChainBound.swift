import Haiku
import NumericsSupport

/// The tolerance of a chain of `Linear` layers (an MLP) compared with
/// Haiku's, derived as `ContractionTolerance` describes.
///
/// A layer of input size K rounds K times in its dot product and once
/// adding its bias, so the length is the sum over layers. The magnitudes
/// are the chain over absolute values, `m ← m·|w| + |b|` from `m = |x|`,
/// with each hidden magnitude scaled by `hiddenGain` (1/keep-probability
/// under dropout): activations such as ReLU satisfy |f(z)| ≤ |z| and
/// |f(z) − f(z')| ≤ |z − z'|, so a layer's rounding error, carried through
/// the later layers, stays within the final magnitudes.
struct LinearChainBound {
    /// The tolerance for the chain's output.
    let tolerance: ContractionTolerance
    /// The output's magnitudes.
    let magnitudes: Tensor

    /// The bound of `params`' layers applied in the order of their sorted
    /// module names (`linear_0`, `linear_1`, ...) to `input`.
    init(params: Params, input: Tensor, hiddenGain: Float = 1) {
        let layers = params.keys.sorted().compactMap { params[$0] }
        var magnitudes = abs(input)
        var length = 0
        for (index, layer) in layers.enumerated() {
            guard let w = layer["w"] else { continue }
            if index > 0 { magnitudes = magnitudes * Tensor(hiddenGain) }
            magnitudes = matmul(magnitudes, abs(w))
            length += w.shape[0]
            if let b = layer["b"] {
                magnitudes = magnitudes + abs(b)
                length += 1
            }
        }
        tolerance = ContractionTolerance(length: Swift.max(1, length))
        self.magnitudes = magnitudes
    }
}
