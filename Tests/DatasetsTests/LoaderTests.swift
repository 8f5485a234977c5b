import Datasets
import Testing

/// MNIST-style loading from small idx files written by the tests, and
/// from the real data when `Scripts/fetch-data` has fetched it.
@Suite struct LoaderTests {
    @Test func loadsImagesAsFloatsOver255AndLabelsAsInt32() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        TestFiles.writeMNISTStyle(split: "train", count: 3, into: directory)
        let data = try MNIST.load(split: .train, directory: directory)
        #expect(data.count == 3)
        #expect(data.exampleShape == [784])
        #expect(data.featureCount == 784)
        #expect(data.classCount == 10)
        #expect(data.labels == [0, 1, 2])
        #expect(data.images.count == 3 * 784)
        for index in [0, 1, 783, 784, 2000, 3 * 784 - 1] {
            let byte = UInt8(truncatingIfNeeded: (index / 784) * 7 + index % 784)
            #expect(data.images[index] == Float(byte) / 255)
        }
        #expect(data.images.allSatisfy { (0...1).contains($0) })

        let (images, labels) = data.tensors()
        #expect(images.shape == [3, 784])
        #expect(images.dtype == .float32)
        #expect(labels.shape == [3])
        #expect(labels.dtype == .int32)
        #expect(try images.scalars(as: Float.self) == data.images)
        #expect(try labels.scalars(as: Int32.self) == [0, 1, 2])
    }

    @Test func nhwcLayoutAndPlainFiles() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        TestFiles.writeMNISTStyle(split: "t10k", count: 2, into: directory, gzip: false)
        let data = try FashionMNIST.load(split: .test, directory: directory, layout: .nhwc)
        #expect(data.exampleShape == [28, 28, 1])
        #expect(data.tensors().images.shape == [2, 28, 28, 1])
        let flat = try data.reshaped(to: .flat, height: 28, width: 28)
        #expect(flat.exampleShape == [784])
        #expect(flat.images == data.images)
        #expect(throws: DatasetError.self) { try data.reshaped(to: .nhwc, height: 28, width: 27) }
    }

    @Test func missingFilesNameTheFileAndFetchData() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        let error = #expect(throws: DatasetError.self) { try MNIST.load(split: .test, directory: directory) }
        #expect(error == .missingFile(path: directory + "/t10k-labels-idx1-ubyte.gz"))
        #expect(error?.description.contains("Scripts/fetch-data") == true)
    }

    /// An example shape whose size overflows Int is an error (it trapped).
    @Test func exampleShapesThatOverflowThrow() {
        #expect(throws: DatasetError.self) {
            try LabeledImages(images: [], labels: [0], exampleShape: [1 << 32, 1 << 32], classCount: 10)
        }
        #expect(throws: DatasetError.self) {
            try LabeledImages(images: [], labels: [0, 1, 2, 3], exampleShape: [1 << 31, 1 << 31], classCount: 10)
        }
    }

    @Test func imagesAndLabelsMustAgree() throws {
        let directory = TestFiles.directory()
        defer { TestFiles.remove(directory) }
        TestFiles.writeMNISTStyle(split: "train", count: 3, into: directory)
        TestFiles.writeGzip(TestFiles.idx(magic: 0x801, dimensions: [2], payload: [1, 2]),
                            to: directory + "/train-labels-idx1-ubyte.gz")
        let error = #expect(throws: DatasetError.self) { try MNIST.load(split: .train, directory: directory) }
        guard case .invalidContents? = error else {
            Issue.record("expected invalidContents, got \(String(describing: error))")
            return
        }
        // Labels beyond 9.
        TestFiles.writeGzip(TestFiles.idx(magic: 0x801, dimensions: [3], payload: [1, 12, 2]),
                            to: directory + "/train-labels-idx1-ubyte.gz")
        #expect(throws: DatasetError.self) { try MNIST.load(split: .train, directory: directory) }
        // Images and labels swapped: the magic gives it away.
        TestFiles.writeGzip(TestFiles.idx(magic: 0x803, dimensions: [1, 1, 1], payload: [1]),
                            to: directory + "/train-labels-idx1-ubyte.gz")
        #expect(throws: DatasetError.badMagic(path: directory + "/train-labels-idx1-ubyte.gz", found: 0x803, expected: [0x801])) {
            try MNIST.load(split: .train, directory: directory)
        }
    }

    @Test func labeledImagesCheckTheirArguments() throws {
        #expect(throws: DatasetError.self) {
            try LabeledImages(images: [0, 0, 0], labels: [0, 1], exampleShape: [2], classCount: 2)
        }
        #expect(throws: DatasetError.self) {
            try LabeledImages(images: [0, 0], labels: [0, 2], exampleShape: [1], classCount: 2)
        }
        // Shapes whose value counts overflow Int are rejected, not trapped on.
        #expect(throws: DatasetError.self) {
            try LabeledImages(images: [], labels: [0], exampleShape: [1 << 32, 1 << 32], classCount: 1)
        }
        #expect(throws: DatasetError.self) {
            try LabeledImages(images: [], labels: [], exampleShape: [1 << 32, 1 << 32], classCount: 1)
        }
        #expect(throws: DatasetError.self) {
            try LabeledImages(images: [], labels: [Int32](repeating: 0, count: 4), exampleShape: [1 << 62], classCount: 1)
        }
        let data = try LabeledImages(images: [0, 1, 2, 3], labels: [1, 0], exampleShape: [2], classCount: 2)
        #expect(data.prefix(1).images == [0, 1])
        #expect(data.prefix(5) == data)
        let batch = data.batch([1, 0, 1])
        #expect(try batch.images.scalars(as: Float.self) == [2, 3, 0, 1, 2, 3])
        #expect(try batch.labels.scalars(as: Int32.self) == [0, 1, 0])
    }

    // MARK: - The real data sets

    static let mnistPresent = TestFiles.hasIDXFiles(MNIST.defaultDirectory)
    static let fashionPresent = TestFiles.hasIDXFiles(FashionMNIST.defaultDirectory)

    @Test(.enabled(if: mnistPresent, "MNIST is not in the cache directory; run Scripts/fetch-data"))
    func realMNIST() throws {
        let train = try MNIST.load(split: .train)
        #expect(train.count == 60_000)
        #expect(train.labels.prefix(10) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        #expect(train.images.max() == 1)
        let test = try MNIST.load(split: .test)
        #expect(test.count == 10_000)
        #expect(test.labels.prefix(10) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    @Test(.enabled(if: fashionPresent, "Fashion-MNIST is not in the cache or /usr/share/datasets; run Scripts/fetch-data"))
    func realFashionMNIST() throws {
        let train = try FashionMNIST.load(split: .train)
        #expect(train.count == 60_000)
        #expect(train.labels.prefix(10) == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
        let test = try FashionMNIST.load(split: .test)
        #expect(test.count == 10_000)
        #expect(Set(test.labels) == Set(0..<10))
    }
}
