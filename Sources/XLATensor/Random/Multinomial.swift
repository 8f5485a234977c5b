/// `numSamples` category indices per distribution, drawn with replacement
/// from unnormalized log probabilities (`hk.multinomial`, which Haiku
/// deprecates for ``categorical(_:_:axis:shape:replace:file:line:)``): the
/// same bits as Haiku's for the same key.
///
/// ```swift
/// let next = multinomial(key, logits, 1)      // logits: [B, V] → [B, 1]
/// ```
///
/// - Parameters:
///   - logits: float log probabilities; the last axis holds the categories.
///   - numSamples: the samples per distribution (0 or more).
/// - Returns: int32 indices (int64 with x64 on) of shape
///   `logits.shape.dropLast() + [numSamples]`; a poisoned tensor for
///   scalar or non-float logits or a negative `numSamples`.
public func multinomial(_ key: PRNGKey, _ logits: Tensor, _ numSamples: Int,
                        file: String = #fileID, line: Int = #line) -> Tensor {
    let batch = Array(logits.shape.dropLast())
    guard numSamples >= 0 else {
        return Tensor.invalid("multinomial", [logits], "numSamples must not be negative, not \(numSamples)",
                              location: location(file, line),
                              result: TensorType(TypePromotion.canonical(.int64, x64: Configuration.x64), batch + [0]))
    }
    guard numSamples != 1 else {
        return categorical(key, logits, file: file, line: line).expandingDimensions(axis: -1)
    }
    // Haiku draws [numSamples, ...batch] and moves the sample axis last.
    let samples = categorical(key, logits, shape: [numSamples] + batch, file: file, line: line)
    return samples.transposed(Array(1..<samples.rank) + [0])
}
