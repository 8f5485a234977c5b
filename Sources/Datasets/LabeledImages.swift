import XLATensor

/// How each image is shaped in ``LabeledImages`` and in the tensors made
/// from it.
public enum ImageLayout: Sendable, Equatable {
    /// One row of `height × width × channels` values per image: `[N, 784]`
    /// for MNIST, as an MLP takes it.
    case flat
    /// `[N, height, width, channels]` (`[N, 28, 28, 1]` for MNIST), the NHWC
    /// layout of Haiku's convolutions.
    case nhwc
}

/// Images with integer class labels, kept on the host as Swift arrays
/// (`float32` pixels, `int32` labels) so that batches can be gathered from
/// them cheaply; ``tensors()`` and ``Batches`` turn them into tensors.
public struct LabeledImages: Sendable, Equatable {
    /// The pixels of all images, row-major: `count × exampleShape` values.
    public let images: [Float]
    /// One class index per image.
    public let labels: [Int32]
    /// The shape of one image: `[784]` (``ImageLayout/flat``) or
    /// `[28, 28, 1]` (``ImageLayout/nhwc``) for MNIST.
    public let exampleShape: [Int]
    /// The number of classes (labels lie in `0..<classCount`).
    public let classCount: Int

    /// Images and labels from arrays.
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` when `images` does not
    ///   hold `labels.count` examples of `exampleShape`, or a label lies
    ///   outside `0..<classCount`.
    public init(images: [Float], labels: [Int32], exampleShape: [Int], classCount: Int) throws {
        let perExample = CheckedSize.product(exampleShape)
        guard exampleShape.allSatisfy({ $0 > 0 }), (perExample * labels.count).value == images.count else {
            throw DatasetError.invalidArgument(
                "\(images.count) pixel values are not \(labels.count) examples of shape \(exampleShape)")
        }
        guard classCount > 0 else {
            throw DatasetError.invalidArgument("the class count must be positive, not \(classCount)")
        }
        let classes = 0..<Int32(clamping: classCount)
        if let bad = labels.firstIndex(where: { !classes.contains($0) }) {
            throw DatasetError.invalidArgument("label \(labels[bad]) of example \(bad) is not in 0..<\(classCount)")
        }
        self.init(unchecked: images, labels: labels, exampleShape: exampleShape, classCount: classCount)
    }

    init(unchecked images: [Float], labels: [Int32], exampleShape: [Int], classCount: Int) {
        self.images = images
        self.labels = labels
        self.exampleShape = exampleShape
        self.classCount = classCount
    }

    /// The number of examples.
    public var count: Int { labels.count }

    /// The number of values in one image (784 for MNIST).
    public var featureCount: Int { exampleShape.reduce(1, *) }

    /// All images as one `float32` tensor of shape `[count] + exampleShape`
    /// and all labels as an `int32` tensor of shape `[count]`.
    public func tensors() -> (images: Tensor, labels: Tensor) {
        (Tensor(images, shape: [count] + exampleShape, dtype: .float32),
         Tensor(labels, shape: [count], dtype: .int32))
    }

    /// The examples at `indices`, in that order, as tensors of shape
    /// `[indices.count] + exampleShape` (`float32`) and `[indices.count]`
    /// (`int32`). Indices must lie in `0..<count`.
    public func batch<Indices: Collection>(_ indices: Indices) -> (images: Tensor, labels: Tensor)
    where Indices.Element == Int {
        let width = featureCount
        let n = indices.count
        let pixels = [Float](unsafeUninitializedCapacity: n * width) { buffer, initialized in
            images.withUnsafeBufferPointer { source in
                var offset = 0
                for index in indices {
                    precondition(index >= 0 && index < count, "example index \(index) is out of range 0..<\(count)")
                    let row = UnsafeBufferPointer(rebasing: source[index * width ..< (index + 1) * width])
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset ..< offset + width]).initialize(from: row)
                    offset += width
                }
            }
            initialized = n * width
        }
        let classes = indices.map { labels[$0] }
        return (Tensor(pixels, shape: [n] + exampleShape, dtype: .float32),
                Tensor(classes, shape: [n], dtype: .int32))
    }

    /// The first `n` examples (all of them when `n >= count`), for quick
    /// experiments and tests on a small subset.
    public func prefix(_ n: Int) -> LabeledImages {
        let n = max(0, min(n, count))
        return LabeledImages(unchecked: Array(images[0 ..< n * featureCount]), labels: Array(labels[0 ..< n]),
                             exampleShape: exampleShape, classCount: classCount)
    }

    /// The same examples with each image reshaped to `layout` (`height`,
    /// `width` and `channels` give the NHWC shape).
    public func reshaped(to layout: ImageLayout, height: Int, width: Int, channels: Int = 1) throws -> LabeledImages {
        guard height * width * channels == featureCount else {
            throw DatasetError.invalidArgument("images of \(featureCount) values cannot be \(height)×\(width)×\(channels)")
        }
        let shape = layout == .flat ? [featureCount] : [height, width, channels]
        return LabeledImages(unchecked: images, labels: labels, exampleShape: shape, classCount: classCount)
    }
}
