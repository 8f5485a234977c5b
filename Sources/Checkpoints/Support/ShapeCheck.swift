import XLATensor

/// Validates a shape read from a file header before anything is allocated
/// or computed from it.
enum ShapeCheck {
    /// The byte count of a dense `dtype` array of `shape`, after checking
    /// that the rank is at most `TensorType.maximumRank` (NumPy's limit: a
    /// rank-100,000 tensor fits in a 400 KB header but would make the first
    /// operation on it run for minutes) and that the element count
    /// and byte size fit in `Int`. Zero-sized dimensions do not hide an
    /// overflow: `[4294967296, 4294967296, 0]` is refused although it holds
    /// no elements. Errors are ``CheckpointError/badHeader(file:reason:)``
    /// naming `key`.
    static func byteCount(shape: [Int], dtype: ElementType, file: String, key: String) throws(CheckpointError) -> Int {
        guard shape.count <= TensorType.maximumRank else {
            throw .badHeader(file: file, reason: "tensor '\(key)' has rank \(shape.count), over the limit of \(TensorType.maximumRank)")
        }
        // Zero dimensions count as 1 here, so that they cannot hide an overflow.
        guard let size = (CheckedSize.product(shape.map { max($0, 1) }) * dtype.byteCount).value else {
            throw .badHeader(file: file, reason: "tensor '\(key)' has shape \(shape), whose element count or byte size overflows a 64-bit integer")
        }
        return shape.contains(0) ? 0 : size
    }
}
