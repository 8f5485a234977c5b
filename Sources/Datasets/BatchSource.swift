/// Examples that ``Batches`` can shuffle and gather: a count, and a batch
/// made of the examples at some indices. ``LabeledImages`` gives images
/// and labels; ``TextWindows`` gives windows of characters and the
/// characters that follow them, which may begin at a different offset in
/// each epoch.
public protocol BatchSource: Sendable {
    /// One batch, as tensors (a tuple, so that a loop can take it apart).
    associatedtype Batch

    /// The number of examples.
    var count: Int { get }

    /// The examples at `indices` (each in `0..<count`), in that order, as
    /// one batch.
    func batch<Indices: Collection>(_ indices: Indices) -> Batch where Indices.Element == Int

    /// The examples at `indices` (each in `0..<count`) as epoch `epoch` of
    /// ``Batches`` gathers them; ``Batches`` calls this one. A source whose
    /// examples change from epoch to epoch (``TextWindows`` with a
    /// ``TextWindows/Placement/randomOffsetPerEpoch(seed:)`` placement)
    /// gives that epoch's; by default the examples are the same in every
    /// epoch and this is ``batch(_:)``.
    func batch<Indices: Collection>(_ indices: Indices, epoch: Int) -> Batch where Indices.Element == Int
}

extension BatchSource {
    /// ``batch(_:)``: the same examples in every epoch.
    public func batch<Indices: Collection>(_ indices: Indices, epoch: Int) -> Batch where Indices.Element == Int {
        batch(indices)
    }
}

extension LabeledImages: BatchSource {}
