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
        var size = dtype.byteCount
        for dimension in shape {
            let (product, overflow) = size.multipliedReportingOverflow(by: max(dimension, 1))
            guard !overflow else {
                throw .badHeader(file: file, reason: "tensor '\(key)' has shape \(shape), whose element count or byte size overflows a 64-bit integer")
            }
            size = product
        }
        return shape.contains(0) ? 0 : size
    }
}
