import XLAIR

/// Uniform random floats in `[minval, maxval)`, as
/// `jax.random.uniform(key, shape, dtype, minval, maxval)`.
///
/// ```swift
/// let x = uniform(key, [2, 3], minval: -1)          // float32 in [-1, 1)
/// let h = uniform(key, [4], dtype: .bfloat16)
/// ```
///
/// Random bits fill the mantissa of a number in `[1, 2)` (8 bits drawn per
/// `bfloat16` value, as JAX does for types with fewer than 8 mantissa
/// bits); one is subtracted, the result scaled to the range, and kept at or
/// above `minval`.
///
/// - Parameters:
///   - shape: the result's shape; `minval` and `maxval` broadcast to it.
///   - dtype: a float type (float32 by default, float64 with x64 on).
/// - Returns: the samples; a poisoned tensor for a non-float dtype, a
///   negative shape, bounds that do not broadcast, or a bad key.
public func uniform(_ key: PRNGKey, _ shape: [Int] = [], dtype: ElementType? = nil, minval: Tensor = 0.0,
                    maxval: Tensor = 1.0, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    switch Random.floatType(dtype, for: "uniform", key, shape, location: place) {
    case let .failure(invalid): return invalid.tensor
    case let .success(dtype):
        if let invalid = Random.check("uniform", key, shape, result: dtype, location: place) { return invalid }
        if let invalid = Random.checkBroadcast("uniform", [minval, maxval], to: shape, dtype, location: place) {
            return invalid
        }
        return EagerProgram.run("uniform", static: "\(shape)\(dtype)", key, minval, maxval) { key, minval, maxval in
            drawUniform(key, shape, dtype, minval: minval, maxval: maxval)
        }
    }
}

/// The samples of ``uniform(_:_:dtype:minval:maxval:file:line:)`` for
/// checked arguments.
func drawUniform(_ key: PRNGKey, _ shape: [Int], _ dtype: ElementType, minval: Tensor, maxval: Tensor) -> Tensor {
    let minval = minval.converted(to: dtype).weak(false), maxval = maxval.converted(to: dtype).weak(false)
    let mantissa = Random.mantissaBits(dtype)
    let width = dtype.byteCount * 8
    let drawn = mantissa < 8 ? 8 : width
    let unsigned = Random.unsignedType(bits: width)
    let bits = drawBits(key, drawn, shape).converted(to: unsigned)
    let one = Tensor(1.0, dtype: dtype)
    let oneBits = Tensor.apply(.bitcastConvert, [one], attributes: ["element_type": .elementType(unsigned)],
                               fallback: TensorType(unsigned, []))
    let mantissaBits = bits >> Tensor(UInt64(drawn - mantissa), dtype: unsigned)
    let inUnitInterval = Tensor.apply(.bitcastConvert, [mantissaBits | oneBits],
                                      attributes: ["element_type": .elementType(dtype)],
                                      fallback: TensorType(dtype, shape)) - one
    return maximum(minval, inUnitInterval * (maxval - minval) + minval)
}

extension Random {
    /// A poisoned result when `bounds` do not broadcast to `shape`.
    static func checkBroadcast(_ function: String, _ bounds: [Tensor], to shape: [Int], _ dtype: ElementType,
                               location: String?) -> Tensor? {
        let type = TensorType(dtype, shape)
        if let error = bounds.lazy.compactMap(\.error).first { return .poisoned(error, type: type) }
        for bound in bounds where bound.rank > shape.count || zip(bound.shape.reversed(), shape.reversed()).contains(where: {
            $0 != 1 && $0 != $1
        }) {
            return Tensor.invalid(function, [bound], "its shape \(bound.shape) does not broadcast to the shape \(shape)",
                                  location: location, result: type)
        }
        return nil
    }
}
