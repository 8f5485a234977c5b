import CZlib
import Datasets

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch files for the tests: a fresh directory per use, idx bytes, and
/// gzip through zlib.
enum TestFiles {
    /// A new empty directory under /tmp.
    static func directory() -> String {
        var template = Array("/tmp/datasets-tests-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        return String(cString: made!)
    }

    /// Deletes the files of a directory made by ``directory()``, then the directory.
    static func remove(_ directory: String) {
        guard let stream = opendir(directory) else { return }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { unlink(directory + "/" + name) }
        }
        closedir(stream)
        rmdir(directory)
    }

    /// An idx file's bytes: the big-endian magic `0x000008nn`-style value
    /// given, one 32-bit size per dimension, then `payload`.
    static func idx(magic: UInt32, dimensions: [Int], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in [magic] + dimensions.map({ UInt32($0) }) {
            bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        return bytes + payload
    }

    /// Writes `bytes` to `path` as they are.
    static func write(_ bytes: [UInt8], to path: String) {
        let file = fopen(path, "wb")!
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }

    /// Writes `bytes` to `path` gzipped by zlib.
    static func writeGzip(_ bytes: [UInt8], to path: String) {
        let file = gzopen(path, "wb")!
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
    }

    /// The whole file.
    static func read(_ path: String) -> [UInt8] {
        let file = fopen(path, "rb")!
        defer { fclose(file) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if got == 0 { break }
            result += buffer[0..<got]
        }
        return result
    }

    /// Writes MNIST-style files for `split` (`train`/`t10k` prefix) into
    /// `directory`: `count` 28×28 images whose pixel `p` of image `i` is
    /// `(i * 7 + p) % 256`, and labels `i % 10`.
    static func writeMNISTStyle(split prefix: String, count: Int, into directory: String, gzip: Bool = true) {
        let pixels = (0..<count * 784).map { UInt8(truncatingIfNeeded: ($0 / 784) * 7 + $0 % 784) }
        let labels = (0..<count).map { UInt8($0 % 10) }
        let images = idx(magic: 0x803, dimensions: [count, 28, 28], payload: pixels)
        let labelFile = idx(magic: 0x801, dimensions: [count], payload: labels)
        let suffix = gzip ? ".gz" : ""
        let imagesPath = directory + "/\(prefix)-images-idx3-ubyte" + suffix
        let labelsPath = directory + "/\(prefix)-labels-idx1-ubyte" + suffix
        if gzip {
            writeGzip(images, to: imagesPath)
            writeGzip(labelFile, to: labelsPath)
        } else {
            write(images, to: imagesPath)
            write(labelFile, to: labelsPath)
        }
    }

    /// Whether all four idx files of a data set are in `directory`.
    static func hasIDXFiles(_ directory: String) -> Bool {
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
            .allSatisfy { access(directory + "/" + $0 + ".gz", R_OK) == 0 }
    }
}
