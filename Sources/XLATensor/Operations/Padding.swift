/// How a windowed operation (convolution, pooling, `reduceWindow`) pads
/// its input's spatial dimensions: JAX's `padding` argument, `"VALID"`,
/// `"SAME"`, `"SAME_LOWER"` or explicit `(low, high)` pairs.
public enum Padding: Sendable, Equatable {
    /// No padding: windows that do not fit are dropped.
    case valid
    /// Enough padding that the output has `ceil(size / stride)` elements;
    /// an odd total puts the extra element at the end.
    case same
    /// As `.same`, with an odd total's extra element at the start.
    case sameLower
    /// `(low, high)` elements added before and after each spatial dimension.
    case explicit([Pair])

    /// Padding before and after one dimension.
    public struct Pair: Sendable, Equatable {
        /// Elements added before the first.
        public var low: Int
        /// Elements added after the last.
        public var high: Int

        /// `low` elements before, `high` after.
        public init(_ low: Int, _ high: Int) {
            self.low = low
            self.high = high
        }
    }

    /// The explicit padding of each dimension for windows of
    /// `windowShape` (already dilated) moved by `strides` over `inputShape`
    /// (already dilated): JAX's `lax.padtype_to_pads`. Nil when the three
    /// lengths differ, a stride is not positive or an explicit list has the
    /// wrong length.
    public func pairs(inputShape: [Int], windowShape: [Int], strides: [Int]) -> [Pair]? {
        guard inputShape.count == windowShape.count, inputShape.count == strides.count,
              strides.allSatisfy({ $0 > 0 }) else { return nil }
        switch self {
        case .valid:
            return inputShape.map { _ in Pair(0, 0) }
        case let .explicit(pairs):
            return pairs.count == inputShape.count ? pairs : nil
        case .same, .sameLower:
            return inputShape.indices.map { dimension in
                let (size, stride) = (inputShape[dimension], strides[dimension])
                // No step overflows: (outputSize - 1) * stride < size, so the
                // total is below the window.
                let outputSize = size == 0 ? 0 : (size - 1) / stride + 1
                let total = Swift.max(0, windowShape[dimension] - size + (outputSize - 1) * stride)
                let smaller = total / 2
                return self == .same ? Pair(smaller, total - smaller) : Pair(total - smaller, smaller)
            }
        }
    }
}
