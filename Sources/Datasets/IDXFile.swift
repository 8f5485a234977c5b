import CZlib
import XLATypes

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An idx file of unsigned bytes, the format of MNIST and Fashion-MNIST:
/// a big-endian header (magic `0x000008nn`, where `nn` is the number of
/// dimensions, then one 32-bit size per dimension) followed by the bytes,
/// row-major.
///
/// ``read(path:expectedMagic:)`` reads plain and gzipped files alike (zlib
/// passes plain files through).
public struct IDXFile: Sendable, Equatable {
    /// The magic number of an idx file of 1-D unsigned bytes (labels).
    public static let labelsMagic: UInt32 = 0x0000_0801
    /// The magic number of an idx file of 3-D unsigned bytes (images).
    public static let imagesMagic: UInt32 = 0x0000_0803

    /// The magic number: `0x0000_0800 + dimensions.count`.
    public var magic: UInt32 { 0x0000_0800 | UInt32(dimensions.count) }
    /// The sizes, outermost first (`[60000, 28, 28]` for MNIST's training images).
    public let dimensions: [Int]
    /// The elements, row-major; `dimensions`' product of them.
    public let bytes: [UInt8]

    /// An idx value from its dimensions and bytes.
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` when the counts disagree
    ///   or there are no dimensions or more than 255.
    public init(dimensions: [Int], bytes: [UInt8]) throws {
        guard (1...255).contains(dimensions.count), dimensions.allSatisfy({ (0...Int(UInt32.max)).contains($0) }),
              CheckedSize.product(dimensions).value == bytes.count else {
            throw DatasetError.invalidArgument("an idx file of dimensions \(dimensions) cannot hold \(bytes.count) bytes")
        }
        self.dimensions = dimensions
        self.bytes = bytes
    }

    /// Parses an idx file already in memory (uncompressed). `path` only names
    /// the data in errors.
    ///
    /// - Throws: ``DatasetError/badMagic(path:found:expected:)`` and
    ///   ``DatasetError/truncated(path:expectedBytes:actualBytes:)``.
    public init(parsing data: [UInt8], path: String = "<memory>", expectedMagic: UInt32? = nil) throws {
        var reader = ByteSource.memory(data)
        self = try IDXFile.read(from: &reader, path: path, expectedMagic: expectedMagic)
    }

    /// Reads an idx file, gzipped (`.gz`) or not.
    ///
    /// - Parameters:
    ///   - expectedMagic: the magic the caller needs (``labelsMagic``,
    ///     ``imagesMagic``); nil accepts any unsigned-byte idx file.
    /// - Throws: ``DatasetError/missingFile(path:)`` when there is no such
    ///   file, ``DatasetError/badMagic(path:found:expected:)``,
    ///   ``DatasetError/truncated(path:expectedBytes:actualBytes:)`` when the
    ///   data is shorter than the header says, and
    ///   ``DatasetError/unreadable(path:reason:)`` for a corrupt gzip stream
    ///   or a file that can't be opened. Bytes after the data are ignored.
    public static func read(path: String, expectedMagic: UInt32? = nil) throws -> IDXFile {
        var source = try ByteSource.open(path)
        defer { source.close() }
        return try read(from: &source, path: path, expectedMagic: expectedMagic)
    }

    private static func read(from source: inout ByteSource, path: String, expectedMagic: UInt32?) throws -> IDXFile {
        let expected = expectedMagic.map { [$0] } ?? []
        let head = try source.read(count: 4, path: path)
        guard head.count == 4 else {
            throw DatasetError.truncated(path: path, expectedBytes: 4, actualBytes: head.count)
        }
        let magic = bigEndian(head, at: 0)
        guard head[0] == 0, head[1] == 0, head[2] == 0x08, head[3] > 0, expectedMagic.map({ $0 == magic }) ?? true else {
            throw DatasetError.badMagic(path: path, found: magic, expected: expected)
        }
        let rank = Int(head[3])
        let sizes = try source.read(count: 4 * rank, path: path)
        guard sizes.count == 4 * rank else {
            throw DatasetError.truncated(path: path, expectedBytes: 4 + 4 * rank, actualBytes: 4 + sizes.count)
        }
        let dimensions = (0..<rank).map { Int(bigEndian(sizes, at: 4 * $0)) }
        guard let count = CheckedSize.product(dimensions).value else {
            throw DatasetError.invalidContents(path: path, reason: "the header's dimensions \(dimensions) are too large")
        }
        let bytes = try source.read(count: count, path: path)
        guard bytes.count == count else {
            throw DatasetError.truncated(path: path, expectedBytes: count, actualBytes: bytes.count)
        }
        return try IDXFile(dimensions: dimensions, bytes: bytes)
    }
}

/// The big-endian 32-bit number at `offset`.
private func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
}

/// Bytes from memory or from a file through zlib's `gzread` (which reads
/// gzipped and plain files alike).
enum ByteSource {
    case memory(ArraySlice<UInt8>)
    case gzip(gzFile)
    case closed

    static func memory(_ bytes: [UInt8]) -> ByteSource { .memory(bytes[...]) }

    /// Opens `path`, telling a missing file from an unreadable one.
    static func open(_ path: String) throws -> ByteSource {
        guard access(path, F_OK) == 0 else { throw DatasetError.missingFile(path: path) }
        guard let file = gzopen(path, "rb") else {
            throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        gzbuffer(file, 1 << 18)
        return .gzip(file)
    }

    mutating func close() {
        if case let .gzip(file) = self { gzclose(file) }
        self = .closed
    }

    /// Up to `count` bytes; fewer only at the end of the data. Memory grows
    /// with what the file really holds, not with what a header claims.
    mutating func read(count: Int, path: String) throws -> [UInt8] {
        switch self {
        case let .memory(rest):
            let taken = rest.prefix(count)
            self = .memory(rest.dropFirst(taken.count))
            return Array(taken)
        case let .gzip(file):
            // Up to 256 MiB straight into the result; beyond that (a header
            // claiming more than any known data set) in growing steps.
            let direct = min(count, 1 << 28)
            var failure: DatasetError?
            var result = [UInt8](unsafeUninitializedCapacity: direct) { buffer, initialized in
                do throws(DatasetError) {
                    initialized = try Self.gzread(file, into: UnsafeMutableRawBufferPointer(buffer), path: path)
                } catch {
                    failure = error
                    initialized = 0
                }
            }
            if let failure { throw failure }
            if result.count == direct && count > direct {
                var chunk = [UInt8](repeating: 0, count: 1 << 22)
                while result.count < count {
                    let wanted = min(chunk.count, count - result.count)
                    let got = try chunk.withUnsafeMutableBytes {
                        try Self.gzread(file, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]), path: path)
                    }
                    if got == 0 { break }
                    result.append(contentsOf: chunk[0..<got])
                }
            }
            return result
        case .closed:
            return []
        }
    }

    /// Fills `buffer` from `file` as far as the data goes; returns the
    /// number of bytes read (fewer than asked only at the end of the data).
    private static func gzread(_ file: gzFile, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(DatasetError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let wanted = UInt32(min(buffer.count - filled, 1 << 30))
            let got = CZlib.gzread(file, buffer.baseAddress! + filled, wanted)
            if got < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "zlib error \(code)"
                throw DatasetError.unreadable(path: path, reason: message)
            }
            if got == 0 { break }
            filled += Int(got)
        }
        return filled
    }
}
