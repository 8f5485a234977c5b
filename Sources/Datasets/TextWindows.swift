import XLATensor

/// Consecutive, non-overlapping windows of `length` characters of an
/// encoded text, each paired with the `length` characters one position
/// later (what a next-character model predicts). When an epoch's windows
/// begin at `offset`, window `i` is
/// `characters[offset + i·length ..< offset + (i+1)·length]` and its targets
/// are `characters[offset + i·length + 1 ... offset + (i+1)·length]`; the
/// characters before the offset and a last part too short for a window and
/// its targets are left out. ``placement`` says where the windows begin: at
/// one fixed offset (0 unless given), or at a fresh random offset each
/// epoch, so that the epochs of a training run see different windows.
/// ``Batches`` shuffles and gathers them like images, asking each batch for
/// its epoch's windows.
///
/// ```swift
/// let windows = try TextWindows(text.characters, length: 64, placement: .randomOffsetPerEpoch(seed: 42))
/// for (inputs, targets) in try Batches(windows, batchSize: 32, seed: 0, dropLast: true, epochs: 5) { ... }  // int32 [32, 64] each
/// ```
public struct TextWindows: BatchSource, Equatable {
    /// One batch: `int32` character indices of shape `[batch, length]`, and
    /// the characters that follow them, of the same shape.
    public typealias Batch = (inputs: Tensor, targets: Tensor)

    /// The encoded text.
    public let characters: [Int32]
    /// The characters in each window (T).
    public let length: Int
    /// Where each epoch's windows begin.
    public let placement: Placement

    /// The windows of `characters` placed by `placement`.
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for a length below 1,
    ///   a fixed offset outside `0..<length`, or a text too short for one
    ///   window and its targets at the largest offset `placement` can give
    ///   (`offset + length + 1` characters; `2·length` for
    ///   ``Placement/randomOffsetPerEpoch(seed:)``).
    public init(_ characters: [Int32], length: Int, placement: Placement = .offset(0)) throws {
        guard length >= 1 else { throw DatasetError.invalidArgument("the window length must be at least 1, not \(length)") }
        if case .offset(let offset) = placement, offset < 0 || offset >= length {
            throw DatasetError.invalidArgument("the window offset must lie in 0..<\(length), not \(offset)")
        }
        let largest = placement.largestOffset(length: length)
        // No overflow: 0 <= largest < length.
        guard characters.count - 1 - largest >= length else {
            let need = largest == 0 ? "\(length) + 1" : "\(largest) + \(length) + 1"
            let start = switch placement {
            case .offset: largest == 0 ? "" : " starting at offset \(largest)"
            case .randomOffsetPerEpoch: " starting at any offset up to \(largest)"
            }
            throw DatasetError.invalidArgument(
                "a window of \(length) characters and its next-character targets\(start) need \(need) characters, but the text holds \(characters.count)")
        }
        self.characters = characters
        self.length = length
        self.placement = placement
    }

    /// The number of windows in every epoch: as many as fit after the
    /// largest offset ``placement`` can give.
    public var count: Int { (characters.count - 1 - placement.largestOffset(length: length)) / length }

    /// Where epoch `epoch`'s windows begin, in `0..<length` (see
    /// ``Placement``; a negative epoch counts as epoch 0, as in
    /// ``Batches/order(epoch:)``).
    public func offset(epoch: Int) -> Int {
        switch placement {
        case .offset(let offset):
            return offset
        case .randomOffsetPerEpoch(let seed):
            var seeds = SplitMix64(seed: seed)
            seeds.skip(UInt64(Swift.max(0, epoch)))
            var generator = SplitMix64(seed: SplitMix64.mix(seeds.next()))
            return Int(generator.next(below: UInt64(length)))
        }
    }

    /// The windows at `indices` (each in `0..<count`), in that order, as
    /// epoch 0 places them.
    public func batch<Indices: Collection>(_ indices: Indices) -> Batch where Indices.Element == Int {
        batch(indices, epoch: 0)
    }

    /// The windows at `indices` (each in `0..<count`), in that order, as
    /// epoch `epoch` places them (beginning at ``offset(epoch:)``).
    public func batch<Indices: Collection>(_ indices: Indices, epoch: Int) -> Batch where Indices.Element == Int {
        let offset = offset(epoch: epoch)
        var inputs: [Int32] = []
        var targets: [Int32] = []
        inputs.reserveCapacity(indices.count * length)
        targets.reserveCapacity(indices.count * length)
        for index in indices {
            precondition(index >= 0 && index < count, "window index \(index) is out of range 0..<\(count)")
            let start = offset + index * length
            inputs.append(contentsOf: characters[start ..< start + length])
            targets.append(contentsOf: characters[start + 1 ... start + length])
        }
        let shape = [indices.count, length]
        return (Tensor(inputs, shape: shape, dtype: .int32), Tensor(targets, shape: shape, dtype: .int32))
    }

    /// The first `n` windows of every epoch (all of them when `n >= count`,
    /// one when `n < 1`), placed the same way, for quick runs.
    public func prefix(_ n: Int) -> TextWindows {
        let n = max(1, min(n, count))
        // A valid window count keeps the text long enough: no error possible.
        let end = placement.largestOffset(length: length) + n * length + 1
        return TextWindows(unchecked: Array(characters[0 ..< end]), length: length, placement: placement)
    }

    private init(unchecked characters: [Int32], length: Int, placement: Placement) {
        self.characters = characters
        self.length = length
        self.placement = placement
    }
}
