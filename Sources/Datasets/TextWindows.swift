import XLATensor

/// Consecutive, non-overlapping windows of `length` characters of an
/// encoded text, each paired with the `length` characters one position
/// later (what a next-character model predicts): window `i` is
/// `characters[i·length ..< (i+1)·length]`, its targets
/// `characters[i·length + 1 ... (i+1)·length]`. ``Batches`` shuffles and
/// gathers them like images.
///
/// ```swift
/// let windows = try TextWindows(text.characters, length: 64)
/// for (inputs, targets) in try Batches(windows, batchSize: 32, seed: 0, dropLast: true) { ... }  // int32 [32, 64] each
/// ```
public struct TextWindows: BatchSource, Equatable {
    /// One batch: `int32` character indices of shape `[batch, length]`, and
    /// the characters that follow them, of the same shape.
    public typealias Batch = (inputs: Tensor, targets: Tensor)

    /// The encoded text.
    public let characters: [Int32]
    /// The characters in each window (T).
    public let length: Int

    /// The windows of `characters`; a last part too short for a whole
    /// window and its targets is left out.
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for a length below 1,
    ///   or a text too short for one window and its targets (`length + 1`
    ///   characters).
    public init(_ characters: [Int32], length: Int) throws {
        guard length >= 1 else { throw DatasetError.invalidArgument("the window length must be at least 1, not \(length)") }
        guard length < characters.count else {
            throw DatasetError.invalidArgument(
                "a window of \(length) characters and its next-character targets need \(length) + 1 characters, but the text holds \(characters.count)")
        }
        self.characters = characters
        self.length = length
    }

    /// The number of windows.
    public var count: Int { (characters.count - 1) / length }

    /// The windows at `indices` (each in `0..<count`), in that order.
    public func batch<Indices: Collection>(_ indices: Indices) -> Batch where Indices.Element == Int {
        var inputs: [Int32] = []
        var targets: [Int32] = []
        inputs.reserveCapacity(indices.count * length)
        targets.reserveCapacity(indices.count * length)
        for index in indices {
            precondition(index >= 0 && index < count, "window index \(index) is out of range 0..<\(count)")
            let start = index * length
            inputs.append(contentsOf: characters[start ..< start + length])
            targets.append(contentsOf: characters[start + 1 ... start + length])
        }
        let shape = [indices.count, length]
        return (Tensor(inputs, shape: shape, dtype: .int32), Tensor(targets, shape: shape, dtype: .int32))
    }

    /// The first `n` windows (all of them when `n >= count`, one when
    /// `n < 1`), for quick runs.
    public func prefix(_ n: Int) -> TextWindows {
        let n = max(1, min(n, count))
        // A valid window count keeps the text long enough: no error possible.
        return TextWindows(unchecked: Array(characters[0 ..< n * length + 1]), length: length)
    }

    private init(unchecked characters: [Int32], length: Int) {
        self.characters = characters
        self.length = length
    }
}
