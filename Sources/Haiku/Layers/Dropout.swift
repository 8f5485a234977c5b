/// `x` with each element zeroed with probability `rate` and the rest
/// scaled by `1 / (1 - rate)` (`hk.dropout`). `rate` must be in `[0, 1)`;
/// `rate` 0 returns `x`.
public func dropout(_ rng: PRNGKey, rate: Double, _ x: Tensor, file: String = #fileID, line: Int = #line) -> Tensor {
    guard (0..<1).contains(rate) else {
        return HaikuError.invalidArgument("dropout rate must be in [0, 1), not \(rate)", location: location(file, line))
            .poisoned(x.type)
    }
    guard rate > 0 else { return x }
    let keepRate = 1 - rate
    let keep = bernoulli(rng, p: Tensor(keepRate), shape: x.shape)
    return keep.converted(to: x.dtype) * x / Tensor(keepRate)
}
