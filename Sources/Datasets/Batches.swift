import XLATensor

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Mini-batches of a ``BatchSource`` (``LabeledImages``, ``TextWindows``),
/// shuffled per epoch from a seed, gathered ahead of time on a background
/// thread.
///
/// ```swift
/// let train = try MNIST.load(split: .train)
/// for (images, labels) in try Batches(train, batchSize: 100, seed: 42, epochs: 10) {
///     (params, state) = try step(params, state, images, labels)
/// }
/// ```
///
/// **Order.** Epoch `e` visits every example exactly once, in the order
/// ``order(epoch:)`` gives: a Fisher–Yates shuffle of `0..<count` (from the
/// last position down, swapping position `i` with a position drawn
/// uniformly from `0...i` by ``SplitMix64/next(below:)``), driven by a
/// ``SplitMix64`` seeded with the `e`-th output (counting from 0) of
/// `SplitMix64(seed: seed)`. The order depends only on the seed, the epoch
/// and the number of examples: the same on every machine and run, and
/// different epochs are shuffled independently. With `shuffle: false` every
/// epoch is `0..<count`. Consecutive batches take consecutive slices of the
/// epoch's order; with `dropLast` the last, smaller batch of each epoch is
/// left out (so every batch has the same shape and `jit` compiles once).
/// Each batch is gathered by the source's ``BatchSource/batch(_:epoch:)``
/// with its epoch, so a source can vary its examples per epoch (the
/// windows of ``TextWindows`` placed at a random offset per epoch).
///
/// **Prefetching.** With `prefetch > 0` (the default is 2), each iterator
/// starts one dedicated POSIX thread when it is made. That thread gathers
/// the next batches (copying the rows into fresh arrays and wrapping them
/// in host tensors) while the caller works on the current one, and keeps at
/// most `prefetch` finished batches waiting; `next()` takes the oldest,
/// waiting only when none is ready yet. The thread ends when the last batch
/// is made or when the iterator (and its copies) is released, so breaking
/// out of a loop stops it. It is an ordinary thread, not a Swift
/// concurrency task, so waiting on it never blocks the cooperative pool's
/// progress. Batches come out in the same order with or without prefetching.
///
/// **Resuming.** `startingAt: b` begins with global batch `b` (epoch
/// `b / batchesPerEpoch`), exactly where an uninterrupted run would be, with
/// no work for the skipped batches.
public struct Batches<Source: BatchSource>: Sequence, Sendable {
    /// One batch, as the source gathers it: for ``LabeledImages``, `float32`
    /// images of shape `[batchSize] + exampleShape` and `int32` labels of
    /// shape `[batchSize]` (host tensors, uploaded when first used).
    public typealias Element = Source.Batch

    /// The examples.
    public let data: Source
    /// Examples per batch.
    public let batchSize: Int
    /// The seed of the shuffle.
    public let seed: UInt64
    /// Whether each epoch is shuffled.
    public let shuffle: Bool
    /// Whether the last batch of an epoch is left out when it is smaller than ``batchSize``.
    public let dropLast: Bool
    /// The number of passes over the data; nil for no end.
    public let epochs: Int?
    /// The global index of the first batch.
    public let startBatch: Int
    /// The most batches the background thread keeps ready; 0 gathers each
    /// batch on the caller's thread in `next()`.
    public let prefetch: Int

    /// Batches over `data`.
    ///
    /// - Parameters:
    ///   - batchSize: examples per batch (positive).
    ///   - seed: names the shuffle; see the type's description.
    ///   - shuffle: false keeps the data's own order in every epoch.
    ///   - dropLast: leave out each epoch's last batch when it is incomplete.
    ///   - epochs: passes over the data (non-negative); nil repeats without end.
    ///   - startingAt: the global batch index to begin with (for resuming).
    ///   - prefetch: batches gathered ahead on a background thread (0 for none).
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for a batch size below 1,
    ///   a negative `epochs`, `startingAt` or `prefetch`, or more batches in
    ///   all than `Int` counts.
    public init(_ data: Source, batchSize: Int, seed: UInt64 = 0, shuffle: Bool = true,
                dropLast: Bool = false, epochs: Int? = 1, startingAt startBatch: Int = 0, prefetch: Int = 2) throws {
        guard batchSize >= 1 else { throw DatasetError.invalidArgument("the batch size must be at least 1, not \(batchSize)") }
        guard (epochs ?? 0) >= 0 else { throw DatasetError.invalidArgument("epochs must not be negative, not \(epochs ?? 0)") }
        guard startBatch >= 0 else { throw DatasetError.invalidArgument("the start batch must not be negative, not \(startBatch)") }
        guard prefetch >= 0 else { throw DatasetError.invalidArgument("prefetch must not be negative, not \(prefetch)") }
        self.data = data
        self.batchSize = batchSize
        self.seed = seed
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.epochs = epochs
        self.startBatch = startBatch
        self.prefetch = prefetch
        if let epochs, (CheckedSize(epochs) * batchesPerEpoch).value == nil {
            throw DatasetError.invalidArgument("\(epochs) epochs of \(batchesPerEpoch) batches are more batches than Int counts")
        }
    }

    /// Batches in one epoch: `count / batchSize`, rounded up unless ``dropLast``.
    public var batchesPerEpoch: Int {
        dropLast || data.count == 0 ? data.count / batchSize : (data.count - 1) / batchSize + 1
    }

    /// The global index one past the last batch; nil when ``epochs`` is nil
    /// (and there are batches at all).
    public var endBatch: Int? {
        if let epochs { return epochs * batchesPerEpoch }
        return batchesPerEpoch == 0 ? 0 : nil
    }

    /// How many batches iteration yields; nil for no end.
    public var batchCount: Int? { endBatch.map { Swift.max(0, $0 - startBatch) } }

    /// ``batchCount``, or 0 for no end.
    public var underestimatedCount: Int { batchCount ?? 0 }

    /// The order in which epoch `epoch` visits the examples (a permutation
    /// of `0..<data.count`; see the type's description).
    public func order(epoch: Int) -> [Int] {
        var order = Array(0..<data.count)
        guard shuffle, order.count > 1 else { return order }
        var seeds = SplitMix64(seed: seed)
        seeds.skip(UInt64(Swift.max(0, epoch)))
        var generator = SplitMix64(seed: seeds.next())
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(generator.next(below: UInt64(i + 1)))
            order.swapAt(i, j)
        }
        return order
    }

    /// The example indices of global batch `batch` (epoch
    /// `batch / batchesPerEpoch`), in order.
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for a negative batch
    ///   or one at or past ``endBatch``.
    public func exampleIndices(batch: Int) throws -> [Int] {
        guard batch >= 0, batch < endBatch ?? Int.max else {
            throw DatasetError.invalidArgument("batch \(batch) is outside 0..<\(endBatch.map(String.init) ?? "Int.max")")
        }
        var maker = BatchMaker(self)
        return Array(maker.indices(batch))
    }

    /// An iterator from ``startBatch``; with ``prefetch`` > 0 its background
    /// thread starts gathering at once.
    public func makeIterator() -> Iterator { Iterator(self) }

    /// Yields the batches in order; copies of an iterator share its
    /// background thread and position when prefetching.
    public struct Iterator: IteratorProtocol {
        private var maker: BatchMaker<Source>
        private var position: Int
        private let end: Int?
        private let prefetcher: PrefetchHandle<Source>?

        init(_ batches: Batches) {
            maker = BatchMaker(batches)
            position = batches.startBatch
            end = batches.endBatch
            prefetcher = batches.prefetch > 0 && position < (end ?? Int.max)
                ? PrefetchHandle(Prefetcher(maker, start: position, end: end, depth: batches.prefetch))
                : nil
        }

        /// The global index of the batch the next call to ``next()`` returns.
        public var nextBatch: Int { position }

        /// The next batch, or nil after the last.
        public mutating func next() -> Element? {
            guard position < (end ?? Int.max) else { return nil }
            let batch = prefetcher.map { $0.prefetcher.take() } ?? maker.make(position)
            if batch != nil { position += 1 }
            return batch
        }
    }
}

/// Gathers batches, keeping the current epoch's order.
struct BatchMaker<Source: BatchSource>: @unchecked Sendable {
    let batches: Batches<Source>
    private var epoch = -1
    private var order: [Int] = []

    init(_ batches: Batches<Source>) { self.batches = batches }

    mutating func indices(_ batch: Int) -> ArraySlice<Int> {
        let perEpoch = batches.batchesPerEpoch
        guard perEpoch > 0 else { return [] }
        let (wanted, within) = batch.quotientAndRemainder(dividingBy: perEpoch)
        if wanted != epoch {
            order = batches.order(epoch: wanted)
            epoch = wanted
        }
        let start = within * batches.batchSize
        return order[start ..< min(start + batches.batchSize, order.count)]
    }

    mutating func make(_ batch: Int) -> Source.Batch {
        let rows = indices(batch)
        return batches.data.batch(rows, epoch: epoch)
    }
}

/// Released with the last copy of an iterator: stops and joins the thread.
final class PrefetchHandle<Source: BatchSource>: Sendable {
    let prefetcher: Prefetcher<Source>
    init(_ prefetcher: Prefetcher<Source>) {
        self.prefetcher = prefetcher
        prefetcher.start()
    }
    deinit { prefetcher.stop() }
}

/// A bounded queue filled by one POSIX thread. All shared fields are
/// guarded by `lock`; `maker` is used only by the thread.
final class Prefetcher<Source: BatchSource>: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a batch is ready or the producer finished.
    private let ready = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when the queue has room or the consumer went away.
    private let room = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Source.Batch] = []
    private var cancelled = false
    private var finished = false
    private var thread: pthread_t?
    private var maker: BatchMaker<Source>
    private var nextToMake: Int
    private let end: Int?
    private let depth: Int

    init(_ maker: BatchMaker<Source>, start: Int, end: Int?, depth: Int) {
        self.maker = maker
        self.nextToMake = start
        self.end = end
        self.depth = depth
        pthread_mutex_init(lock, nil)
        pthread_cond_init(ready, nil)
        pthread_cond_init(room, nil)
    }

    deinit {
        pthread_cond_destroy(room)
        pthread_cond_destroy(ready)
        pthread_mutex_destroy(lock)
        room.deallocate()
        ready.deallocate()
        lock.deallocate()
    }

    /// Starts the thread; it holds a reference to `self` (in its
    /// ``ThreadBody``) until it ends.
    func start() {
        var handle = pthread_t()
        // A C function cannot name `Source`, so the thread runs a non-generic closure.
        let context = Unmanaged.passRetained(ThreadBody { self.run() }).toOpaque()
        let status = pthread_create(&handle, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        if status == 0 {
            thread = handle
        } else {
            // No thread: gather on the caller's thread instead.
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            pthread_mutex_lock(lock)
            finished = true
            pthread_mutex_unlock(lock)
        }
    }

    private func run() {
        while true {
            pthread_mutex_lock(lock)
            while queue.count >= depth && !cancelled { pthread_cond_wait(room, lock) }
            let index = nextToMake
            if cancelled || index >= (end ?? Int.max) {
                finished = true
                pthread_cond_broadcast(ready)
                pthread_mutex_unlock(lock)
                return
            }
            pthread_mutex_unlock(lock)
            let batch = maker.make(index)
            pthread_mutex_lock(lock)
            queue.append(batch)
            nextToMake = index + 1
            pthread_cond_signal(ready)
            pthread_mutex_unlock(lock)
        }
    }

    /// The oldest ready batch, waiting for it; when the thread could not
    /// start, the batch is gathered here.
    func take() -> Source.Batch? {
        pthread_mutex_lock(lock)
        while queue.isEmpty && !finished { pthread_cond_wait(ready, lock) }
        if queue.isEmpty {
            let index = nextToMake
            let fallback = thread == nil && index < (end ?? Int.max)
            if fallback { nextToMake += 1 }
            pthread_mutex_unlock(lock)
            return fallback ? maker.make(index) : nil
        }
        let batch = queue.removeFirst()
        pthread_cond_signal(room)
        pthread_mutex_unlock(lock)
        return batch
    }

    /// Tells the thread to stop and waits for it.
    func stop() {
        pthread_mutex_lock(lock)
        cancelled = true
        pthread_cond_broadcast(room)
        pthread_mutex_unlock(lock)
        if let thread { pthread_join(thread, nil) }
    }
}

/// What a prefetching thread runs, kept alive by the thread until it ends.
final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
