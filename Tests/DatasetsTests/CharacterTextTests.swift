import Datasets
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The character-level text data set: vocabulary, windows and their
/// next-character targets, the train/validation split, seeded batches,
/// and typed errors; all on small in-test texts (the real Shakespeare
/// text only when `Scripts/fetch-data shakespeare` has fetched it).
@Suite struct CharacterTextTests {
    @Test func vocabularyIsTheDistinctBytesInByteOrder() throws {
        let vocabulary = CharacterVocabulary(of: Array("hello, world\n".utf8))
        #expect(vocabulary.bytes == Array("\n ,dehlorw".utf8))
        #expect(vocabulary.count == 10)
        #expect(try vocabulary.encode("hole") == [5, 7, 6, 4])
        #expect(try vocabulary.decode([5, 7, 6, 4]) == "hole")
        #expect(try vocabulary.decode(vocabulary.encode("hello, world\n")) == "hello, world\n")
    }

    @Test func unknownCharactersAndIndicesAreTypedErrors() {
        let vocabulary = CharacterVocabulary(of: Array("abc".utf8))
        #expect(throws: DatasetError.invalidArgument(
            "byte 122 (\"z\") at position 1 is not one of the vocabulary's 3 characters")) { try vocabulary.encode("az") }
        #expect(throws: DatasetError.invalidArgument("character index 3 is outside the vocabulary's 0..<3")) {
            try vocabulary.decode([0, 3])
        }
        #expect(throws: DatasetError.invalidArgument("character index -1 is outside the vocabulary's 0..<3")) {
            try vocabulary.decode([-1])
        }
    }

    @Test func windowsPairEachCharacterWithTheNext() throws {
        let windows = try TextWindows(Array(0..<11), length: 3)
        #expect(windows.count == 3)  // 0-2, 3-5, 6-8 (targets up to 9); 10 is left over
        let (inputs, targets) = windows.batch([2, 0])
        #expect(inputs.shape == [2, 3])
        #expect(inputs.dtype == .int32)
        #expect(try inputs.scalars(as: Int32.self) == [6, 7, 8, 0, 1, 2])
        #expect(try targets.scalars(as: Int32.self) == [7, 8, 9, 1, 2, 3])
        #expect(windows.prefix(2).count == 2)
        #expect(try TextWindows(Array(0..<4), length: 3).count == 1)
    }

    @Test func splitKeepsTheEndForValidation() throws {
        let text = try CharacterText(String(repeating: "abcdefghij", count: 10))  // 100 characters
        let (train, validation) = try text.windows(length: 4, validationFraction: 0.2)
        #expect(train.characters == Array(text.characters[..<80]))
        #expect(validation.characters == Array(text.characters[80...]))
        #expect(train.count == 19)
        #expect(validation.count == 4)
    }

    @Test func batchesShuffleWindowsFromTheSeed() throws {
        let windows = try TextWindows(Array(0..<41), length: 4)  // 10 windows
        func firstCharacters(_ seed: UInt64) throws -> [[Int32]] {
            try Batches(windows, batchSize: 5, seed: seed, dropLast: true, epochs: 2).map { inputs, targets in
                #expect(targets.shape == [5, 4])
                return try inputs.scalars(as: Int32.self).enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
            }
        }
        let first = try firstCharacters(7)
        #expect(first.count == 4)
        #expect(first == (try firstCharacters(7)))
        #expect(first != (try firstCharacters(8)))
        // Each epoch visits every window once, in the order Batches.order gives.
        #expect(Set(first[0] + first[1]) == Set(stride(from: 0, to: 40, by: 4).map(Int32.init)))
        let order = try Batches(windows, batchSize: 5, seed: 7).order(epoch: 0)
        #expect(first[0] + first[1] == order.map { Int32($0 * 4) })
    }

    @Test func emptyTextAndShortTextAreTypedErrors() {
        #expect(throws: DatasetError.invalidContents(path: "the text", reason: "the text is empty")) {
            try CharacterText("")
        }
        #expect(throws: DatasetError.invalidArgument(
            "a window of 5 characters and its next-character targets need 5 + 1 characters, but the text holds 5")) {
            try TextWindows(Array(0..<5), length: 5)
        }
        #expect(throws: DatasetError.invalidArgument("the window length must be at least 1, not 0")) {
            try TextWindows(Array(0..<5), length: 0)
        }
        #expect(throws: DatasetError.invalidArgument(
            "the validation part of a text of 20 characters: a window of 8 characters and its next-character targets need 8 + 1 characters, but the text holds 2")) {
            try CharacterText(String(repeating: "ab", count: 10)).windows(length: 8)
        }
        #expect(throws: DatasetError.invalidArgument("the validation fraction must lie between 0 and 1, not 1.0")) {
            try CharacterText("abc").windows(length: 1, validationFraction: 1)
        }
    }

    @Test func loadsAFileAndNamesAMissingOne() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        TestFiles.write(Array("to be or not to be\n".utf8), to: directory + "/" + Shakespeare.fileName)
        let text = try Shakespeare.load(directory: directory)
        #expect(try text.vocabulary.decode(text.characters) == "to be or not to be\n")
        TestFiles.writeGzip(Array("gzipped".utf8), to: directory + "/small.txt.gz")
        #expect(try CharacterText.load(path: directory + "/small.txt.gz").characters.count == 7)
        TestFiles.write([], to: directory + "/empty.txt")
        #expect(throws: DatasetError.invalidContents(path: directory + "/empty.txt", reason: "the text is empty")) {
            try CharacterText.load(path: directory + "/empty.txt")
        }
        let missing = directory + "/none/" + Shakespeare.fileName
        #expect(throws: DatasetError.missingFile(path: missing)) { try Shakespeare.load(directory: directory + "/none") }
        #expect(DatasetError.missingFile(path: missing).description.contains("Scripts/fetch-data shakespeare"))
    }

    static let shakespearePresent = access(Shakespeare.defaultDirectory + "/" + Shakespeare.fileName, F_OK) == 0

    @Test(.enabled(if: shakespearePresent, "the Shakespeare text is not in the cache; run Scripts/fetch-data shakespeare"))
    func realShakespeare() throws {
        let text = try Shakespeare.load()
        #expect(text.characters.count == 940_218)
        #expect(text.vocabulary.count == 76)
        #expect(try text.vocabulary.decode(text.characters.prefix(25)) == "HAMLET, PRINCE OF DENMARK")
        let (train, validation) = try text.windows(length: 64)
        #expect(train.count == 13_221)
        #expect(validation.count == 1_469)
        // At a random offset per epoch, the windows that fit at offset 63: one fewer.
        #expect(try text.windows(length: 64, trainingPlacement: .randomOffsetPerEpoch(seed: 0)).train.count == 13_220)
    }
}
