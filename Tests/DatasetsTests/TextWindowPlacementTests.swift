import Datasets
import Testing

/// Where ``TextWindows`` begin: at a fixed offset, or at a random offset per
/// epoch drawn from a seed. The expected offsets were computed outside
/// Swift, by a Python SplitMix64 and Lemire bound following the steps that
/// `TextWindows.Placement.randomOffsetPerEpoch` documents.
@Suite struct TextWindowPlacementTests {
    /// A batch's windows and targets, one array of characters per window.
    private func rows(_ batch: TextWindows.Batch) throws -> (inputs: [[Int32]], targets: [[Int32]]) {
        let length = batch.inputs.shape[1]
        let split = { (scalars: [Int32]) in stride(from: 0, to: scalars.count, by: length).map { Array(scalars[$0 ..< $0 + length]) } }
        return (split(try batch.inputs.scalars(as: Int32.self)), split(try batch.targets.scalars(as: Int32.self)))
    }

    @Test func fixedOffsetShiftsEveryWindowInEveryEpoch() throws {
        let windows = try TextWindows(Array(0..<13), length: 3, placement: .offset(2))
        #expect(windows.count == 3)  // 2-4, 5-7, 8-10 (targets up to 11); 0, 1 and 12 are left out
        let (inputs, targets) = try rows(windows.batch([2, 0]))
        #expect(inputs == [[8, 9, 10], [2, 3, 4]])
        #expect(targets == [[9, 10, 11], [3, 4, 5]])
        #expect(try rows(windows.batch([1], epoch: 5)).inputs == [[5, 6, 7]])
        #expect(windows.offset(epoch: 9) == 2)
        #expect(try TextWindows(Array(0..<13), length: 3).placement == .offset(0))
    }

    @Test func randomOffsetsAreTheSeedsDrawsPerEpoch() throws {
        let text = Array(Int32(0) ..< 24)
        let windows = try TextWindows(text, length: 4, placement: .randomOffsetPerEpoch(seed: 7))
        #expect(windows.count == 5)  // (24 - 4) / 4: five windows and their targets fit even at offset 3
        #expect((0..<8).map { windows.offset(epoch: $0) } == [3, 2, 2, 0, 3, 2, 1, 0])
        #expect(windows.offset(epoch: -1) == windows.offset(epoch: 0))
        let other = try TextWindows(text, length: 4, placement: .randomOffsetPerEpoch(seed: 8))
        #expect((0..<8).map { other.offset(epoch: $0) } == [3, 1, 3, 1, 3, 3, 3, 1])
        let long = try TextWindows(Array(0..<256), length: 128, placement: .randomOffsetPerEpoch(seed: 42))
        #expect(long.count == 1)
        #expect((0..<6).map { long.offset(epoch: $0) } == [98, 50, 83, 103, 27, 125])
        #expect(try TextWindows([0, 1], length: 1, placement: .randomOffsetPerEpoch(seed: 3)).offset(epoch: 4) == 0)

        // Exactly which characters each window holds: epoch 0 begins at 3, epoch 1 at 2, epoch 3 at 0.
        let first = try rows(windows.batch([4, 0], epoch: 0))
        #expect(first.inputs == [[19, 20, 21, 22], [3, 4, 5, 6]])
        #expect(first.targets == [[20, 21, 22, 23], [4, 5, 6, 7]])
        #expect(try rows(windows.batch([1], epoch: 1)).inputs == [[6, 7, 8, 9]])
        #expect(try rows(windows.batch([4], epoch: 3)).inputs == [[16, 17, 18, 19]])  // 20-23 only as targets
        #expect(try rows(windows.batch([0])).inputs == (try rows(windows.batch([0], epoch: 0)).inputs))
        for epoch in 0..<8 {
            let offset = Int32(windows.offset(epoch: epoch))
            let (inputs, targets) = try rows(windows.batch(0..<5, epoch: epoch))
            let expected = (0..<5).map { window in (0..<4).map { offset + Int32(4 * window + $0) } }
            #expect(inputs == expected, "epoch \(epoch)")
            #expect(targets == expected.map { $0.map { $0 + 1 } }, "epoch \(epoch): targets are the inputs one later")
        }
    }

    @Test func lastPartialWindowIsLeftOutAtEveryOffset() throws {
        // 23 characters: at offset 3 a fifth window (19-22) would lack its target 23.
        let windows = try TextWindows(Array(0..<23), length: 4, placement: .randomOffsetPerEpoch(seed: 7))
        #expect(windows.count == 4)
        #expect(try rows(windows.batch([3], epoch: 0)).targets == [[16, 17, 18, 19]])
        let prefix = windows.prefix(2)
        #expect(prefix.count == 2)
        #expect(prefix.placement == windows.placement)
        #expect(prefix.characters == Array(0..<12))  // two windows and their targets from offset 3
        #expect(try TextWindows(Array(0..<8), length: 4, placement: .randomOffsetPerEpoch(seed: 0)).count == 1)
    }

    @Test func batchesGatherEachEpochsWindows() throws {
        let windows = try TextWindows(Array(0..<24), length: 4, placement: .randomOffsetPerEpoch(seed: 7))
        let batches = try Batches(windows, batchSize: 5, seed: 7, dropLast: true, epochs: 3)
        let firsts = try batches.map { try rows($0).inputs.map { $0[0] } }
        #expect(firsts.count == 3)
        for epoch in 0..<3 {
            let offset = windows.offset(epoch: epoch)
            #expect(firsts[epoch] == batches.order(epoch: epoch).map { Int32(offset + 4 * $0) }, "epoch \(epoch)")
        }
        // The same seed gives the same batches; resuming at epoch 1 gives what the uninterrupted run had.
        #expect(try batches.map { try rows($0).inputs } == (try batches.map { try rows($0).inputs }))
        let resumed = try Batches(windows, batchSize: 5, seed: 7, dropLast: true, epochs: 3, startingAt: 1, prefetch: 0)
        #expect(try resumed.map { try rows($0).inputs.map { $0[0] } } == Array(firsts[1...]))
    }

    @Test func badOffsetsAndShortTextsAreTypedErrors() {
        #expect(throws: DatasetError.invalidArgument("the window offset must lie in 0..<4, not 4")) {
            try TextWindows(Array(0..<10), length: 4, placement: .offset(4))
        }
        #expect(throws: DatasetError.invalidArgument("the window offset must lie in 0..<4, not -1")) {
            try TextWindows(Array(0..<10), length: 4, placement: .offset(-1))
        }
        #expect(throws: DatasetError.invalidArgument(
            "a window of 4 characters and its next-character targets starting at offset 3 need 3 + 4 + 1 characters, but the text holds 7")) {
            try TextWindows(Array(0..<7), length: 4, placement: .offset(3))
        }
        #expect(throws: DatasetError.invalidArgument(
            "a window of 4 characters and its next-character targets starting at any offset up to 3 need 3 + 4 + 1 characters, but the text holds 7")) {
            try TextWindows(Array(0..<7), length: 4, placement: .randomOffsetPerEpoch(seed: 0))
        }
        let huge = Int.max
        #expect(throws: DatasetError.invalidArgument(
            "a window of \(huge) characters and its next-character targets starting at any offset up to \(huge - 1) need \(huge - 1) + \(huge) + 1 characters, but the text holds 3")) {
            try TextWindows([0, 1, 2], length: huge, placement: .randomOffsetPerEpoch(seed: 0))
        }
        #expect(throws: DatasetError.invalidArgument("the training part of a text of 80 characters: the window offset must lie in 0..<4, not 9")) {
            try CharacterText(String(repeating: "abcd", count: 20)).windows(length: 4, trainingPlacement: .offset(9))
        }
    }

    @Test func validationWindowsStayFixed() throws {
        let text = try CharacterText(String(repeating: "abcdefghij", count: 10))  // 100 characters
        let (train, validation) = try text.windows(length: 4, validationFraction: 0.2, trainingPlacement: .randomOffsetPerEpoch(seed: 1))
        #expect(train.placement == .randomOffsetPerEpoch(seed: 1))
        #expect(train.count == 19)  // (80 - 4) / 4
        #expect(validation.placement == .offset(0))
        #expect(validation.count == 4)
    }
}
