/// How a `jit` function whose arguments vary in length along one axis (a
/// batch that ends short, a growing sequence) rounds that length up to one
/// of a few sizes, so that it compiles once per size instead of once per
/// length (``jit(donating:bucketing:file:line:_:)``).
///
/// A call pads every tensor leaf of the chosen arguments with zeros along
/// `axis` up to the bucket's size, runs the function's program for that
/// size, and (with ``slicesResults``) cuts every result leaf whose length
/// along `axis` is the bucket's size back to the true length. Inside the
/// function, ``Bucket`` gives the true length, a mask of the real
/// positions, and sums and means that leave the padding out.
///
/// ```swift
/// let scores = jit(bucketing: .powersOfTwo(axis: 0, arguments: [1])) { (w: Tensor, x: Tensor) in
///     matmul(x, w)   // rows are independent: padded rows are cut off again
/// }
/// ```
public struct Bucketing: Sendable, Equatable {
    /// The sizes lengths round up to.
    public enum Sizes: Sendable, Equatable {
        /// The smallest power of two at least the length and at least `minimum`.
        case powersOfTwo(minimum: Int)
        /// The smallest listed size at least the length; a longer length
        /// runs at its own size (unpadded, compiled for that length).
        case listed([Int])
    }

    /// The axis that varies (negative counts from each leaf's last axis).
    public let axis: Int
    /// The indices of the arguments whose leaves are padded; nil for all.
    public let arguments: Set<Int>?
    /// The sizes lengths round up to.
    public let sizes: Sizes
    /// Whether result leaves whose length along ``axis`` is the bucket's
    /// size are cut back to the true length (off for functions that return
    /// parameters or other tensors that only happen to have that length).
    public let slicesResults: Bool

    /// Lengths round up to powers of two (at least `minimum`).
    ///
    /// - Parameters:
    ///   - axis: the axis that varies.
    ///   - arguments: the indices of the arguments to pad; nil pads every argument's leaves.
    ///   - minimum: the smallest bucket.
    ///   - slicesResults: whether results of the bucket's length along `axis` are cut back.
    public static func powersOfTwo(axis: Int, arguments: Set<Int>? = nil, minimum: Int = 1,
                                   slicesResults: Bool = true) -> Bucketing {
        Bucketing(axis: axis, arguments: arguments, sizes: .powersOfTwo(minimum: minimum), slicesResults: slicesResults)
    }

    /// Lengths round up to the smallest of `sizes` that holds them.
    ///
    /// - Parameters:
    ///   - sizes: the bucket sizes (positive); a length above the largest runs unpadded.
    ///   - axis: the axis that varies.
    ///   - arguments: the indices of the arguments to pad; nil pads every argument's leaves.
    ///   - slicesResults: whether results of the bucket's length along `axis` are cut back.
    public static func sizes(_ sizes: [Int], axis: Int, arguments: Set<Int>? = nil,
                             slicesResults: Bool = true) -> Bucketing {
        Bucketing(axis: axis, arguments: arguments, sizes: .listed(sizes.sorted()), slicesResults: slicesResults)
    }

    /// Whether the argument at `index` is padded.
    func pads(argument index: Int) -> Bool { arguments?.contains(index) ?? true }

    /// The size a call of `length` runs at.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` for
    ///   a minimum below 1, a size below 1, no sizes, or a length whose power
    ///   of two overflows.
    func size(for length: Int, location: String?) throws -> Int {
        func invalid(_ reason: String) -> TensorError {
            .invalidTransformation(reason: "jit's bucketing \(reason)", location: location)
        }
        switch sizes {
        case let .powersOfTwo(minimum):
            guard minimum >= 1 else { throw invalid("needs a minimum of at least 1, not \(minimum)") }
            var size = 1
            while size < Swift.max(length, minimum) {
                guard size <= Int.max / 2 else { throw invalid("has no power of two for a length of \(length)") }
                size *= 2
            }
            return size
        case let .listed(sizes):
            guard let smallest = sizes.first else { throw invalid("needs at least one size") }
            guard smallest >= 1 else { throw invalid("needs sizes of at least 1, not \(smallest)") }
            return sizes.first { $0 >= length } ?? length
        }
    }

    /// The one length that the padded leaves share along ``axis``.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)``
    ///   when a leaf has no such axis, the leaves' lengths differ, or there
    ///   is no leaf to pad.
    func length(of leaves: [Tensor], location: String?) throws -> Int {
        var length: Int?
        for (index, leaf) in leaves.enumerated() {
            guard let axis = Tensor.normalize(axis: axis, rank: leaf.rank) else {
                throw TensorError.invalidTransformation(
                    reason: "jit's bucketing pads axis \(self.axis), but padded leaf \(index) has shape \(leaf.shape)",
                    location: location)
            }
            if let length, length != leaf.shape[axis] {
                throw TensorError.invalidTransformation(
                    reason: "jit's bucketing needs one length along axis \(self.axis), but padded leaf \(index) has "
                        + "\(leaf.shape[axis]) where the ones before have \(length)", location: location)
            }
            length = leaf.shape[axis]
        }
        guard let length else {
            throw TensorError.invalidTransformation(reason: "jit's bucketing has no tensor to pad", location: location)
        }
        return length
    }
}
