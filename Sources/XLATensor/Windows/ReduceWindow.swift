import XLAIR

/// The monoid a windowed or cumulative reduction combines with.
public enum WindowReduction: String, Sendable, CaseIterable {
    /// Addition, from 0.
    case sum
    /// Multiplication, from 1.
    case product = "prod"
    /// The largest element, from `-inf` (the type's lowest for integers).
    case max
    /// The smallest element, from `+inf` (the type's highest for integers).
    case min
}

/// Reduces every window of `x` with a monoid (`lax.reduce_window` with
/// `lax.add`/`lax.mul`/`lax.max`/`lax.min` and their identities).
///
/// Windows of `windowDimensions` elements (one per axis of `x`) move by
/// `windowStrides` over `x` dilated by `baseDilation` (`d - 1` holes
/// between elements) and padded as `padding` says; the taps of a window
/// are `windowDilation` apart. Padding and holes hold the monoid's
/// identity. `.same` padding is computed from the undilated shape of `x`
/// and the dilated window, as in JAX.
///
/// The gradient of `.max`/`.min` gives each window's cotangent to its first
/// extreme element in row-major window order, as `jax.grad` does, without
/// `select_and_scatter`; `.product` has no gradient.
///
/// ```swift
/// let x = Tensor.arange(16, dtype: .float32).reshaped([1, 4, 4, 1])
/// let pooled = reduceWindow(x, .max, windowDimensions: [1, 2, 2, 1], windowStrides: [1, 2, 2, 1])
/// // [[[[5], [7]], [[13], [15]]]]
/// ```
///
/// - Parameters:
///   - windowStrides: 1 in every axis when nil.
///   - baseDilation: 1 (no holes) in every axis when nil.
///   - windowDilation: 1 (adjacent taps) in every axis when nil.
public func reduceWindow(_ x: Tensor, _ reduction: WindowReduction, windowDimensions: [Int], windowStrides: [Int]? = nil,
                         padding: Padding = .valid, baseDilation: [Int]? = nil, windowDilation: [Int]? = nil,
                         file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let ones = Array(repeating: 1, count: x.rank)
    let (strides, base, dilation) = (windowStrides ?? ones, baseDilation ?? ones, windowDilation ?? ones)
    for (name, values) in [("windowDimensions", windowDimensions), ("windowStrides", strides),
                           ("baseDilation", base), ("windowDilation", dilation)] {
        guard values.count == x.rank else {
            return .invalid("reduceWindow", [x], "\(name) has \(values.count) entries for shape \(x.shape) of rank \(x.rank)",
                            location: place, result: x.type)
        }
        guard values.allSatisfy({ $0 >= 1 }) else {
            return .invalid("reduceWindow", [x], "every entry of \(name) must be at least 1, not \(values)",
                            location: place, result: x.type)
        }
    }
    let span = zip(windowDimensions, dilation).map { Dilation.extent(of: $0, by: $1) }
    guard let pairs = padding.pairs(inputShape: x.shape, windowShape: span, strides: strides),
          pairs.allSatisfy({ $0.low >= 0 && $0.high >= 0 }) else {
        return .invalid("reduceWindow", [x], "padding \(padding) does not fit shape \(x.shape): it needs one non-negative (low, high) pair per axis",
                        location: place, result: x.type)
    }
    return Tensor.apply(.reduceWindow, [x], attributes: [
        "kind": .string(reduction.rawValue), "window_dimensions": .ints(windowDimensions),
        "window_strides": .ints(strides), "base_dilations": .ints(base), "window_dilations": .ints(dilation),
        "padding_low": .ints(pairs.map(\.low)), "padding_high": .ints(pairs.map(\.high)),
    ], location: place, fallback: x.type).weak(x.isWeak)
}
