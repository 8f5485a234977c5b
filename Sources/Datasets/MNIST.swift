#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which part of a data set to load.
public enum Split: String, Sendable, CaseIterable {
    /// The training set (60,000 examples for MNIST and Fashion-MNIST).
    case train
    /// The test set (10,000 examples).
    case test

    /// The idx files' name prefix: `train` or `t10k`.
    var filePrefix: String { self == .train ? "train" : "t10k" }
}

/// The MNIST handwritten digits (LeCun, Cortes and Burges): 28×28 grey
/// images of the digits 0–9, 60,000 for training and 10,000 for testing,
/// read from the four standard idx files that `Scripts/fetch-data` puts in
/// ``defaultDirectory``.
///
/// ```swift
/// let train = try MNIST.load(split: .train)          // images [60000, 784] in [0, 1]
/// let test = try MNIST.load(split: .test, layout: .nhwc)  // [10000, 28, 28, 1]
/// ```
public enum MNIST {
    /// `$HK_CACHE_DIR/data/mnist`, where `HK_CACHE_DIR` defaults to
    /// `$XDG_CACHE_HOME/haiku-swift`, then `~/.cache/haiku-swift` (the same
    /// place `Scripts/fetch-data` and `Scripts/bootstrap` use).
    public static var defaultDirectory: String { DataDirectory.cache + "/mnist" }

    /// Loads one split: pixels as `float32` `x / 255` in `[0, 1]`, labels
    /// 0–9 as `int32`.
    ///
    /// - Parameters:
    ///   - directory: where the idx files (`{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]`)
    ///     are; ``defaultDirectory`` when nil.
    ///   - layout: `[N, 784]` (``ImageLayout/flat``) or `[N, 28, 28, 1]`
    ///     (``ImageLayout/nhwc``).
    /// - Throws: a ``DatasetError``; ``DatasetError/missingFile(path:)`` tells
    ///   to run `Scripts/fetch-data`.
    public static func load(split: Split, directory: String? = nil, layout: ImageLayout = .flat) throws -> LabeledImages {
        try IDXImages.load(split: split, directory: directory ?? defaultDirectory, layout: layout)
    }
}

/// Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando 2017): 28×28 grey images
/// of 10 kinds of clothing (``classNames``), 60,000 for training and 10,000
/// for testing, a drop-in replacement for ``MNIST``. `Scripts/fetch-data`
/// gets it from the Debian package `dataset-fashion-mnist`.
public enum FashionMNIST {
    /// The class names, by label.
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Where the Debian package `dataset-fashion-mnist` installs the files.
    public static let systemDirectory = "/usr/share/datasets/fashion-mnist"

    /// `$HK_CACHE_DIR/data/fashion-mnist` (see ``MNIST/defaultDirectory``)
    /// when it holds the training images, else ``systemDirectory`` when that
    /// does, else the cache directory (whose missing files the errors name).
    public static var defaultDirectory: String {
        let cache = DataDirectory.cache + "/fashion-mnist"
        let probe = "/train-images-idx3-ubyte.gz"
        if access(cache + probe, F_OK) != 0, access(systemDirectory + probe, F_OK) == 0 { return systemDirectory }
        return cache
    }

    /// Loads one split: pixels as `float32` `x / 255` in `[0, 1]`, labels
    /// 0–9 as `int32` (names in ``classNames``).
    ///
    /// - Parameters:
    ///   - directory: where the four idx files are; ``defaultDirectory`` when nil.
    ///   - layout: `[N, 784]` (``ImageLayout/flat``) or `[N, 28, 28, 1]`
    ///     (``ImageLayout/nhwc``).
    /// - Throws: a ``DatasetError``; ``DatasetError/missingFile(path:)`` tells
    ///   to run `Scripts/fetch-data`.
    public static func load(split: Split, directory: String? = nil, layout: ImageLayout = .flat) throws -> LabeledImages {
        try IDXImages.load(split: split, directory: directory ?? defaultDirectory, layout: layout)
    }
}

/// The per-user data directory.
enum DataDirectory {
    /// `$HK_CACHE_DIR/data`, defaulting as `Scripts/bootstrap` does.
    static var cache: String {
        func variable(_ name: String) -> String? {
            guard let value = getenv(name) else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        let base = variable("HK_CACHE_DIR")
            ?? variable("XDG_CACHE_HOME").map { $0 + "/haiku-swift" }
            ?? ((variable("HOME") ?? ".") + "/.cache/haiku-swift")
        return base + "/data"
    }
}

/// The MNIST-style pair of idx files per split.
enum IDXImages {
    static func load(split: Split, directory: String, layout: ImageLayout) throws -> LabeledImages {
        let imagesPath = path(directory, "\(split.filePrefix)-images-idx3-ubyte")
        let labelsPath = path(directory, "\(split.filePrefix)-labels-idx1-ubyte")
        let labelFile = try IDXFile.read(path: labelsPath, expectedMagic: IDXFile.labelsMagic)
        let imageFile = try IDXFile.read(path: imagesPath, expectedMagic: IDXFile.imagesMagic)
        let count = labelFile.dimensions[0]
        guard imageFile.dimensions == [count, 28, 28] else {
            throw DatasetError.invalidContents(
                path: imagesPath,
                reason: "images of shape \(imageFile.dimensions), but \(labelsPath) holds \(count) labels of 28×28 images")
        }
        if let bad = labelFile.bytes.firstIndex(where: { $0 > 9 }) {
            throw DatasetError.invalidContents(path: labelsPath, reason: "label \(labelFile.bytes[bad]) of example \(bad) is not in 0...9")
        }
        let images = imageFile.bytes.withUnsafeBufferPointer { bytes in
            [Float](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
                for index in 0..<bytes.count { buffer[index] = Float(bytes[index]) / 255 }
                initialized = bytes.count
            }
        }
        let labels = labelFile.bytes.map { Int32($0) }
        return LabeledImages(unchecked: images, labels: labels,
                             exampleShape: layout == .flat ? [784] : [28, 28, 1], classCount: 10)
    }

    /// `directory/name.gz`, or `directory/name` when only the uncompressed
    /// file exists.
    static func path(_ directory: String, _ name: String) -> String {
        let gz = directory + "/" + name + ".gz"
        if access(gz, F_OK) != 0, access(directory + "/" + name, F_OK) == 0 { return directory + "/" + name }
        return gz
    }
}
