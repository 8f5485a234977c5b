import Datasets
import Testing

/// The seeded, prefetching batch iterator: order, determinism, epochs,
/// drop-last, resuming, and SplitMix64 itself.
@Suite struct BatchesTests {
    /// `count` one-pixel examples whose pixel equals their index, labels index % 10.
    static func data(count: Int) throws -> LabeledImages {
        try LabeledImages(images: (0..<count).map(Float.init), labels: (0..<count).map { Int32($0 % 10) },
                          exampleShape: [1], classCount: 10)
    }

    /// The example indices of every batch, read back from the tensors.
    static func indices(_ batches: Batches<LabeledImages>) throws -> [[Int]] {
        try batches.map { batch in try batch.images.scalars(as: Float.self).map { Int($0) } }
    }

    @Test func splitMix64MatchesTheReference() {
        // The reference outputs for seed 0 (Vigna's splitmix64.c).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
        var bounded = SplitMix64(seed: 7)
        for bound in [1, 2, 3, 10, 1000, 1 << 40] as [UInt64] {
            #expect(bounded.next(below: bound) < bound)
        }
    }

    @Test func sameSeedSameOrderDifferentSeedDifferentOrder() throws {
        let data = try Self.data(count: 100)
        let first = try Self.indices(Batches(data, batchSize: 10, seed: 42, epochs: 3))
        let again = try Self.indices(Batches(data, batchSize: 10, seed: 42, epochs: 3))
        let other = try Self.indices(Batches(data, batchSize: 10, seed: 43, epochs: 3))
        #expect(first == again)
        #expect(first != other)
        #expect(first.count == 30)
        // Shuffled, and differently in each epoch.
        #expect(first[0..<10].joined().map { $0 } != Array(0..<100))
        #expect(Array(first[0..<10]) != Array(first[10..<20]))
        // The order is pinned (values from an independent Python rendering of
        // the documented algorithm): a change would change every seeded run.
        let batches = try Batches(data, batchSize: 10, seed: 42)
        #expect(Array(batches.order(epoch: 0).prefix(10)) == first[0])
        let ten = try Batches(try Self.data(count: 10), batchSize: 10, seed: 0)
        #expect(ten.order(epoch: 0) == [1, 2, 5, 7, 0, 8, 4, 3, 9, 6])
        #expect(ten.order(epoch: 1) == [4, 3, 0, 6, 5, 9, 8, 7, 1, 2])
    }

    @Test func everyExampleOncePerEpoch() throws {
        let data = try Self.data(count: 103)
        let batches = try Batches(data, batchSize: 10, seed: 5, epochs: 4)
        #expect(batches.batchesPerEpoch == 11)
        #expect(batches.batchCount == 44)
        let all = try Self.indices(batches)
        #expect(all.count == 44)
        for epoch in 0..<4 {
            let slice = all[epoch * 11 ..< (epoch + 1) * 11]
            #expect(slice.dropLast().allSatisfy { $0.count == 10 })
            #expect(slice.last?.count == 3)
            #expect(slice.joined().sorted() == Array(0..<103))
            #expect(Array(slice.joined()) == batches.order(epoch: epoch))
        }
        // Labels travel with their images.
        for batch in try Batches(data, batchSize: 7, seed: 1) {
            let pixels = try batch.images.scalars(as: Float.self).map { Int32($0) % 10 }
            #expect(try batch.labels.scalars(as: Int32.self) == pixels)
            #expect(batch.images.shape == [batch.labels.shape[0], 1])
        }
    }

    @Test func dropLastLeavesOutIncompleteBatches() throws {
        let data = try Self.data(count: 103)
        let batches = try Batches(data, batchSize: 10, seed: 5, dropLast: true, epochs: 2)
        #expect(batches.batchesPerEpoch == 10)
        let all = try Self.indices(batches)
        #expect(all.count == 20)
        #expect(all.allSatisfy { $0.count == 10 })
        #expect(Set(all[0..<10].joined()).count == 100)
        // The same order as without dropLast, minus each epoch's remainder.
        #expect(Array(all[0..<10].joined()) == Array(batches.order(epoch: 0).prefix(100)))
        // Fewer examples than one batch: nothing, even without an end.
        #expect(try Batches(try Self.data(count: 5), batchSize: 10, dropLast: true, epochs: nil).batchCount == 0)
        #expect(try Array(Batches(try Self.data(count: 5), batchSize: 10, dropLast: true, epochs: nil)).isEmpty)
    }

    @Test func withoutShuffleTheDataOrderIsKept() throws {
        let all = try Self.indices(Batches(try Self.data(count: 25), batchSize: 10, shuffle: false))
        #expect(all == [Array(0..<10), Array(10..<20), Array(20..<25)])
    }

    @Test func prefetchingDoesNotChangeTheBatches() throws {
        let data = try Self.data(count: 64)
        let eager = try Self.indices(Batches(data, batchSize: 8, seed: 9, epochs: 3, prefetch: 0))
        for depth in [1, 2, 5] {
            #expect(try Self.indices(Batches(data, batchSize: 8, seed: 9, epochs: 3, prefetch: depth)) == eager)
        }
    }

    @Test func endlessEpochsAndEarlyExit() throws {
        let data = try Self.data(count: 30)
        let batches = try Batches(data, batchSize: 4, seed: 3, epochs: nil)
        #expect(batches.batchCount == nil)
        var iterator = batches.makeIterator()
        var seen: [[Int]] = []
        // Leaving an endless iterator after some batches stops its thread.
        for _ in 0..<50 {
            let next = iterator.next()
            let batch = try #require(next)
            seen.append(try batch.images.scalars(as: Float.self).map { Int($0) })
        }
        #expect(iterator.nextBatch == 50)
        #expect(seen == (try (0..<50).map { try batches.exampleIndices(batch: $0) }))
        for _ in 0..<20 {
            for _ in try Batches(data, batchSize: 4, seed: 3, epochs: nil) { break }
        }
    }

    @Test func resumingMatchesAnUninterruptedRun() throws {
        let data = try Self.data(count: 50)
        let whole = try Self.indices(Batches(data, batchSize: 8, seed: 11, epochs: 3))
        for start in [0, 1, 6, 7, 13, 21] {
            let resumed = try Batches(data, batchSize: 8, seed: 11, epochs: 3, startingAt: start)
            #expect(resumed.batchCount == whole.count - start)
            #expect(try Self.indices(resumed) == Array(whole[start...]))
        }
        #expect(try Batches(data, batchSize: 8, epochs: 1, startingAt: 100).batchCount == 0)
        #expect(try Array(Batches(data, batchSize: 8, epochs: 1, startingAt: 100)).isEmpty)
    }

    @Test func invalidArgumentsThrow() throws {
        let data = try Self.data(count: 10)
        #expect(throws: DatasetError.self) { try Batches(data, batchSize: 0) }
        #expect(throws: DatasetError.self) { try Batches(data, batchSize: 1, epochs: -1) }
        #expect(throws: DatasetError.self) { try Batches(data, batchSize: 1, startingAt: -1) }
        #expect(throws: DatasetError.self) { try Batches(data, batchSize: 1, prefetch: -1) }
    }

    /// More batches in all than `Int` counts is an error, not an overflow
    /// trap; a batch size of `Int.max` is one batch per epoch.
    @Test func batchCountsThatOverflowThrow() throws {
        let data = try Self.data(count: 10)
        #expect(throws: DatasetError.self) { try Batches(data, batchSize: 3, epochs: Int.max) }
        #expect(try Batches(data, batchSize: 10, epochs: Int.max).batchCount == Int.max)
        let whole = try Batches(data, batchSize: Int.max, shuffle: false, epochs: 2, prefetch: 0)
        #expect(whole.batchesPerEpoch == 1)
        #expect(try Self.indices(whole) == [Array(0..<10), Array(0..<10)])
    }

    /// `skip(n)` is `n` calls of `next()`, so the order of a far epoch takes
    /// no longer than the first's; before, asking for the batch at
    /// `Int.max` looped through every earlier epoch's seed and hung.
    @Test func farEpochsAreAsCheapAsNearOnes() throws {
        var stepped = SplitMix64(seed: 42), skipped = SplitMix64(seed: 42)
        for _ in 0..<1000 { _ = stepped.next() }
        skipped.skip(1000)
        #expect(skipped == stepped)
        #expect(skipped.next() == stepped.next())
        let data = try Self.data(count: 10)
        let batches = try Batches(data, batchSize: 3, seed: 5, epochs: nil, prefetch: 0)
        var generator = SplitMix64(seed: 5)
        for _ in 0..<4 { _ = generator.next() }
        var epochGenerator = SplitMix64(seed: generator.next())
        var order = Array(0..<10)
        for i in stride(from: 9, to: 0, by: -1) { order.swapAt(i, Int(epochGenerator.next(below: UInt64(i + 1)))) }
        #expect(batches.order(epoch: 4) == order)
        #expect(try batches.exampleIndices(batch: Int.max - 1).count <= 3)
    }

    /// A batch index below 0 or at or past the end is an error, not a trap
    /// (a negative index sliced the order array out of range).
    @Test func exampleIndicesOutsideTheBatchesThrow() throws {
        let data = try Self.data(count: 10)
        let endless = try Batches(data, batchSize: 3, epochs: nil, prefetch: 0)
        let twoEpochs = try Batches(data, batchSize: 3, epochs: 2, prefetch: 0)
        #expect(throws: DatasetError.self) { try endless.exampleIndices(batch: -1) }
        #expect(throws: DatasetError.self) { try endless.exampleIndices(batch: Int.max) }
        #expect(throws: DatasetError.self) { try twoEpochs.exampleIndices(batch: 8) }
        #expect(try twoEpochs.exampleIndices(batch: 7) == Array(twoEpochs.order(epoch: 1)[9...]))
    }
}
