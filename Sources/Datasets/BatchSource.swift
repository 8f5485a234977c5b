/// Examples that ``Batches`` can shuffle and gather: a count, and a batch
/// made of the examples at some indices. ``LabeledImages`` gives images
/// and labels; ``TextWindows`` gives windows of characters and the
/// characters that follow them.
public protocol BatchSource: Sendable {
    /// One batch, as tensors (a tuple, so that a loop can take it apart).
    associatedtype Batch

    /// The number of examples.
    var count: Int { get }

    /// The examples at `indices` (each in `0..<count`), in that order, as
    /// one batch.
    func batch<Indices: Collection>(_ indices: Indices) -> Batch where Indices.Element == Int
}

extension LabeledImages: BatchSource {}
