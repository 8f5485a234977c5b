/// How a convolution module pads its input (Haiku's `padding` argument):
/// `"SAME"`, `"VALID"`, explicit `(low, high)` pairs, or pad functions.
///
/// ```swift
/// Conv1D(outputChannels: 8, kernelShape: 3, padding: .causal)
/// Conv2D(outputChannels: 8, kernelShape: 3, padding: .explicit([(1, 0), (2, 2)]))
/// Conv2D(outputChannels: 8, kernelShape: 3, padding: .functions([Pad.causal, Pad.full]))
/// ```
public enum ConvPadding: Sendable, CustomStringConvertible {
    /// `"SAME"`: `ceil(size / stride)` outputs, an odd total's extra element after.
    case same
    /// `"VALID"`: no padding.
    case valid
    /// `(before, after)` pairs: one for every spatial dimension, or one per dimension.
    case explicit([(before: Int, after: Int)])
    /// Pad functions of the effective kernel size (see ``Pad``): one for
    /// every spatial dimension, or one per dimension.
    case functions([Pad.PadFn])

    /// One pad function for every spatial dimension.
    public static func function(_ padFn: @escaping Pad.PadFn) -> ConvPadding { .functions([padFn]) }
    /// ``Pad/causal(_:)`` along every spatial dimension.
    public static var causal: ConvPadding { .function(Pad.causal) }
    /// ``Pad/reverseCausal(_:)`` along every spatial dimension.
    public static var reverseCausal: ConvPadding { .function(Pad.reverseCausal) }
    /// ``Pad/full(_:)`` along every spatial dimension.
    public static var full: ConvPadding { .function(Pad.full) }

    /// `.same`, `.valid`, the pairs, or how many pad functions.
    public var description: String {
        switch self {
        case .same: ".same"
        case .valid: ".valid"
        case let .explicit(pairs): ".explicit([\(pairs.map { "(\($0.before), \($0.after))" }.joined(separator: ", "))])"
        case let .functions(functions): ".functions(\(functions.count) pad function\(functions.count == 1 ? "" : "s"))"
        }
    }

    /// The padding for a convolution of `n` spatial dimensions with this
    /// kernel and rate, as `ConvND` resolves it: pairs and functions by
    /// ``Pad/createFromTuple(padding:n:)`` and ``Pad/createFromPadFn(padding:kernel:rate:n:)``.
    func resolved(kernel: [Int], rate: [Int], n: Int) throws(HaikuError) -> Padding {
        switch self {
        case .same: return .same
        case .valid: return .valid
        case let .explicit(pairs): return .explicit(try Pad.createFromTuple(padding: pairs, n: n).map(Padding.Pair.init(haikuPair:)))
        case let .functions(functions):
            let pairs = try Pad.createFromPadFn(padding: functions, kernel: .perDimension(kernel),
                                                rate: .perDimension(rate), n: n)
            return .explicit(pairs.map(Padding.Pair.init(haikuPair:)))
        }
    }

    /// The padding as `lax` takes it directly (the depthwise and transposed
    /// modules pass Haiku's `padding` through): `.same`, `.valid` or
    /// exactly `n` pairs.
    func passedToLax(n: Int) throws(HaikuError) -> Padding {
        switch self {
        case .same: return .same
        case .valid: return .valid
        case let .explicit(pairs) where pairs.count == n: return .explicit(pairs.map(Padding.Pair.init(haikuPair:)))
        case .explicit, .functions:
            throw HaikuError.invalidArgument(
                "padding must be .same, .valid or \(n) explicit (before, after) pairs, not \(self)", location: nil)
        }
    }
}

extension Padding.Pair {
    /// The pair `(before, after)`.
    init(haikuPair pair: (before: Int, after: Int)) { self.init(pair.before, pair.after) }
}
