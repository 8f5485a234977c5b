/// Padding functions and helpers for convolutions (`haiku.pad`).
///
/// A pad function takes a dimension's *effective* kernel size,
/// `(kernel - 1) * rate + 1`, and returns the padding before and after it.
///
/// ```swift
/// Pad.same(3)    // (before: 1, after: 1)
/// Pad.causal(3)  // (before: 2, after: 0)
/// try Pad.createFromPadFn(padding: Pad.full, kernel: 3, rate: 2, n: 2)  // [(4, 4), (4, 4)]
/// ```
public enum Pad {
    /// `hk.pad.PadFn`: an effective kernel size to `(before, after)`.
    public typealias PadFn = @Sendable (Int) -> (before: Int, after: Int)

    /// No padding: `(0, 0)`.
    public static func valid(_ effectiveKernelSize: Int) -> (before: Int, after: Int) { (0, 0) }

    /// The output as long as the input for stride 1: `((k - 1) / 2, k / 2)`.
    public static func same(_ effectiveKernelSize: Int) -> (before: Int, after: Int) {
        ((effectiveKernelSize - 1).floorDivided(by: 2), effectiveKernelSize.floorDivided(by: 2))
    }

    /// The most padding that never convolves over padding alone: `(k - 1, k - 1)`.
    public static func full(_ effectiveKernelSize: Int) -> (before: Int, after: Int) {
        (effectiveKernelSize - 1, effectiveKernelSize - 1)
    }

    /// Padding before only, so no output depends on later inputs: `(k - 1, 0)`.
    public static func causal(_ effectiveKernelSize: Int) -> (before: Int, after: Int) { (effectiveKernelSize - 1, 0) }

    /// Padding after only, so no output depends on earlier inputs: `(0, k - 1)`.
    public static func reverseCausal(_ effectiveKernelSize: Int) -> (before: Int, after: Int) {
        (0, effectiveKernelSize - 1)
    }

    /// Whether `padding` is a pad function or a list whose first element is
    /// one (`hk.pad.is_padfn`); false for an empty list.
    public static func isPadFn(_ padding: Any) -> Bool {
        if let list = padding as? [Any] { return list.first.map(isPadFn) ?? false }
        return padding is PadFn
    }

    /// The padding of each of `n` spatial dimensions (`hk.pad.create_from_padfn`):
    /// each function applied to its dimension's effective kernel size.
    ///
    /// - Parameters:
    ///   - padding: one function for every dimension, or one per dimension.
    ///   - kernel: the kernel's size along each dimension (as ``SpatialShape/replicated(_:name:)``).
    ///   - rate: the dilation along each dimension.
    ///   - n: the number of spatial dimensions.
    /// - Throws: ``HaikuError/invalidArgument(_:location:)`` when `padding`,
    ///   `kernel` or `rate` has neither one nor `n` entries.
    public static func createFromPadFn(padding: [PadFn], kernel: SpatialShape, rate: SpatialShape,
                                       n: Int) throws(HaikuError) -> [(before: Int, after: Int)] {
        let kernel = try kernel.replicated(n, name: "kernel")
        let rate = try rate.replicated(n, name: "rate")
        let functions = padding.count == 1 ? Array(repeating: padding[0], count: n) : padding
        guard functions.count == n else {
            throw HaikuError.invalidArgument(
                "padding must be a scalar or sequence of length 1 or sequence of length \(n)",
                location: nil)
        }
        return (0..<n).map { functions[$0]((kernel[$0] - 1) * rate[$0] + 1) }
    }

    /// ``createFromPadFn(padding:kernel:rate:n:)`` with one function for every dimension.
    public static func createFromPadFn(padding: @escaping PadFn, kernel: SpatialShape, rate: SpatialShape,
                                       n: Int) throws(HaikuError) -> [(before: Int, after: Int)] {
        try createFromPadFn(padding: [padding], kernel: kernel, rate: rate, n: n)
    }

    /// `hk.pad.create`, the legacy name of ``createFromPadFn(padding:kernel:rate:n:)``.
    public static func create(padding: [PadFn], kernel: SpatialShape, rate: SpatialShape,
                              n: Int) throws(HaikuError) -> [(before: Int, after: Int)] {
        try createFromPadFn(padding: padding, kernel: kernel, rate: rate, n: n)
    }

    /// `hk.pad.create` with one function for every dimension.
    public static func create(padding: @escaping PadFn, kernel: SpatialShape, rate: SpatialShape,
                              n: Int) throws(HaikuError) -> [(before: Int, after: Int)] {
        try createFromPadFn(padding: [padding], kernel: kernel, rate: rate, n: n)
    }

    /// `n` explicit `(before, after)` pairs from one pair or a list of one
    /// or `n` pairs (`hk.pad.create_from_tuple`).
    ///
    /// - Throws: ``HaikuError/invalidArgument(_:location:)`` for an empty
    ///   list or one of another length.
    public static func createFromTuple(padding: [(before: Int, after: Int)],
                                       n: Int) throws(HaikuError) -> [(before: Int, after: Int)] {
        guard !padding.isEmpty else { throw HaikuError.invalidArgument("Padding must not be empty", location: nil) }
        if padding.count == 1 { return Array(repeating: padding[0], count: n) }
        guard padding.count == n else {
            throw HaikuError.invalidArgument(
                "Padding [\(padding.map { "(\($0.before), \($0.after))" }.joined(separator: ", "))] must be a Tuple[int, int] or sequence of length 1 or sequence of length \(n)",
                location: nil)
        }
        return padding
    }

    /// ``createFromTuple(padding:n:)`` with one pair for every dimension.
    public static func createFromTuple(padding: (before: Int, after: Int), n: Int) -> [(before: Int, after: Int)] {
        Array(repeating: padding, count: n)
    }
}

extension Int {
    /// Python's `//`: the quotient rounded towards negative infinity.
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
