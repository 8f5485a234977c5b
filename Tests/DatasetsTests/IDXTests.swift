import Datasets
import Testing

/// The idx reader on tiny files the tests write themselves, plain and
/// gzipped, and its errors.
@Suite struct IDXTests {
    static let payload: [UInt8] = (0..<12).map { UInt8($0 * 20) }
    static let images = TestFiles.idx(magic: 0x803, dimensions: [3, 2, 2], payload: payload)
    static let labels = TestFiles.idx(magic: 0x801, dimensions: [4], payload: [5, 0, 4, 1])

    @Test func parsesImagesAndLabelsInMemory() throws {
        let images = try IDXFile(parsing: Self.images, expectedMagic: IDXFile.imagesMagic)
        #expect(images.dimensions == [3, 2, 2])
        #expect(images.magic == 0x803)
        #expect(images.bytes == Self.payload)
        let labels = try IDXFile(parsing: Self.labels)
        #expect(labels.dimensions == [4])
        #expect(labels.magic == IDXFile.labelsMagic)
        #expect(labels.bytes == [5, 0, 4, 1])
    }

    @Test func readsGzippedAndPlainFilesAlike() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        TestFiles.writeGzip(Self.images, to: directory + "/images.gz")
        TestFiles.write(Self.images, to: directory + "/images")
        // The file really is gzipped.
        #expect(Array(TestFiles.read(directory + "/images.gz").prefix(2)) == [0x1F, 0x8B])
        let gzipped = try IDXFile.read(path: directory + "/images.gz", expectedMagic: IDXFile.imagesMagic)
        let plain = try IDXFile.read(path: directory + "/images")
        #expect(gzipped == plain)
        #expect(gzipped.dimensions == [3, 2, 2])
        #expect(gzipped.bytes == Self.payload)
    }

    @Test func bytesAfterTheDataAreIgnored() throws {
        let file = try IDXFile(parsing: Self.labels + [9, 9, 9])
        #expect(file.bytes == [5, 0, 4, 1])
    }

    @Test func emptyDimensionsReadAsEmptyData() throws {
        let file = try IDXFile(parsing: TestFiles.idx(magic: 0x803, dimensions: [0, 28, 28], payload: []))
        #expect(file.dimensions == [0, 28, 28])
        #expect(file.bytes.isEmpty)
    }

    @Test func badMagicIsReported() throws {
        let labelsAsImages = #expect(throws: DatasetError.self) {
            try IDXFile(parsing: Self.labels, path: "labels", expectedMagic: IDXFile.imagesMagic)
        }
        #expect(labelsAsImages == .badMagic(path: "labels", found: 0x801, expected: [0x803]))
        #expect(labelsAsImages?.description.contains("magic 0x00000801, expected 0x00000803") == true)

        let garbage: [UInt8] = [0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0]
        #expect(throws: DatasetError.badMagic(path: "<memory>", found: 0x1234_5678, expected: [])) {
            try IDXFile(parsing: garbage)
        }
        // A float idx (type 0x0D) is not an unsigned-byte file.
        #expect(throws: DatasetError.badMagic(path: "<memory>", found: 0x0D01, expected: [])) {
            try IDXFile(parsing: TestFiles.idx(magic: 0x0D01, dimensions: [1], payload: [0, 0, 0, 0]))
        }
        // And in a file on disk, gzipped.
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        TestFiles.writeGzip(garbage, to: directory + "/bad.gz")
        #expect(throws: DatasetError.badMagic(path: directory + "/bad.gz", found: 0x1234_5678, expected: [0x801])) {
            try IDXFile.read(path: directory + "/bad.gz", expectedMagic: IDXFile.labelsMagic)
        }
    }

    @Test func truncatedDataIsReported() throws {
        let short = Array(Self.images.dropLast(2))
        #expect(throws: DatasetError.truncated(path: "<memory>", expectedBytes: 12, actualBytes: 10)) {
            try IDXFile(parsing: short)
        }
        // A header cut short.
        #expect(throws: DatasetError.truncated(path: "<memory>", expectedBytes: 16, actualBytes: 10)) {
            try IDXFile(parsing: Array(Self.images.prefix(10)))
        }
        #expect(throws: DatasetError.truncated(path: "<memory>", expectedBytes: 4, actualBytes: 2)) {
            try IDXFile(parsing: [0, 0])
        }
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        // Gzipped data that is complete as gzip but short as idx.
        TestFiles.writeGzip(short, to: directory + "/short.gz")
        let error = #expect(throws: DatasetError.self) { try IDXFile.read(path: directory + "/short.gz") }
        #expect(error == .truncated(path: directory + "/short.gz", expectedBytes: 12, actualBytes: 10))
        #expect(error?.description.contains("truncated") == true)
    }

    @Test func aGzipStreamCutShortIsTruncated() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        // Incompressible-ish data, so the cut lands in the middle of the idx payload.
        var state: UInt32 = 1
        let payload = (0..<4000).map { _ -> UInt8 in state = state &* 1_664_525 &+ 1_013_904_223; return UInt8(state >> 24) }
        let path = directory + "/cut.gz"
        TestFiles.writeGzip(TestFiles.idx(magic: 0x803, dimensions: [5, 20, 40], payload: payload), to: path)
        let whole = TestFiles.read(path)
        TestFiles.write(Array(whole.prefix(whole.count / 2)), to: path)
        let error = #expect(throws: DatasetError.self) { try IDXFile.read(path: path) }
        guard case let .truncated(errorPath, expected, actual)? = error else {
            Issue.record("expected a truncation error, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(expected == 4000)
        #expect(actual < 4000)
    }

    @Test func aCorruptGzipStreamIsUnreadable() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        let path = directory + "/corrupt.gz"
        TestFiles.writeGzip(TestFiles.idx(magic: 0x801, dimensions: [1000], payload: [UInt8](repeating: 3, count: 1000)), to: path)
        var bytes = TestFiles.read(path)
        // Past the 10-byte gzip header: an invalid deflate block type (0b11).
        bytes[10] = 0xFF
        TestFiles.write(bytes, to: path)
        let error = #expect(throws: DatasetError.self) { try IDXFile.read(path: path) }
        guard case let .unreadable(errorPath, reason)? = error else {
            Issue.record("expected an unreadable-file error, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(!reason.isEmpty)
    }

    @Test func aMissingFileNamesFetchData() throws {
        let error = #expect(throws: DatasetError.self) {
            try IDXFile.read(path: "/nonexistent/train-images-idx3-ubyte.gz")
        }
        #expect(error == .missingFile(path: "/nonexistent/train-images-idx3-ubyte.gz"))
        #expect(error?.description.contains("Scripts/fetch-data") == true)
    }

    @Test func valuesCheckTheirCounts() throws {
        #expect(throws: DatasetError.self) { try IDXFile(dimensions: [2, 2], bytes: [1, 2, 3]) }
        #expect(throws: DatasetError.self) { try IDXFile(dimensions: [], bytes: []) }
        #expect(try IDXFile(dimensions: [3], bytes: [1, 2, 3]).magic == 0x801)
        // A product of dimensions that overflows Int (it trapped).
        let huge = Int(UInt32.max)
        #expect(throws: DatasetError.self) { try IDXFile(dimensions: [huge, huge, huge], bytes: []) }
    }
}
