import Foundation
import Testing
@testable import XLARuntime

/// Disk entries carry a checksummed header checked before XLA reads them: a
/// damaged file is a clean, counted miss and is replaced (a plugin crashes on
/// some corrupt executables, and the bad file used to crash every later run).
@Suite struct CacheIntegrityTests {
    /// Ways a cache file gets damaged.
    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case flippedMagic, flippedVersion, flippedLength, flippedKey, flippedChecksum
        case flippedPayloadStart, flippedPayloadMiddle, flippedPayloadEnd, flippedEverywhere
        case truncatedToHalf, truncatedInHeader, truncatedByOneByte, extraByte, empty, oldFormat

        var testDescription: String { rawValue }

        /// `file` after the damage.
        func apply(to file: [UInt8]) -> [UInt8] {
            var bytes = file
            let header = CacheEntryFile.headerSize
            func flip(_ offsets: Int...) { for offset in offsets { bytes[offset] ^= 0xA5 } }
            switch self {
            case .flippedMagic: flip(0)
            case .flippedVersion: flip(8)
            case .flippedLength: flip(12)
            case .flippedKey: flip(header - 40)
            case .flippedChecksum: flip(header - 1)
            case .flippedPayloadStart: flip(header)
            case .flippedPayloadMiddle: flip((header + file.count) / 2)
            case .flippedPayloadEnd: flip(file.count - 1)
            case .flippedEverywhere: flip(3, header + 7, file.count / 3, file.count * 2 / 3, file.count - 2)
            case .truncatedToHalf: bytes.removeLast(file.count / 2)
            case .truncatedInHeader: bytes = Array(file.prefix(header - 5))
            case .truncatedByOneByte: bytes.removeLast()
            case .extraByte: bytes.append(0)
            case .empty: bytes = []
            case .oldFormat: bytes = Array(file.dropFirst(header))
            }
            return bytes
        }
    }

    @Test(arguments: Damage.allCases)
    func damagedDiskEntryIsACountedMissAndIsReplaced(damage: Damage) throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = diskCacheOptions(directory)
        do { _ = try Client(plugin: try Plugin.load(), options: options).compile(addProgram(3)) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names.count == 1)
        let path = directory + "/" + names[0]
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(original.starts(with: Array("HKXLAEXE".utf8)))
        #expect(original.count > CacheEntryFile.headerSize)
        try Data(damage.apply(to: original)).write(to: URL(fileURLWithPath: path))

        let fresh = try Client(plugin: try Plugin.load(), options: options)
        let executable = try fresh.compile(addProgram(3))
        #expect(fresh.cache.statistics == .init(compiles: 1, memoryHits: 0, diskHits: 0, diskRejects: 1))
        let a = try fresh.buffer([Float](repeating: 1, count: 3), shape: [3])
        let b = try fresh.buffer([Float](repeating: 2, count: 3), shape: [3])
        #expect(try executable.execute([a, b])[0].toArray(as: Float.self) == [3, 3, 3])

        let rewritten = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(rewritten.starts(with: Array("HKXLAEXE".utf8)))
        #expect(rewritten.count > CacheEntryFile.headerSize)
        let later = try Client(plugin: try Plugin.load(), options: options)
        _ = try later.compile(addProgram(3))
        #expect(later.cache.statistics == .init(compiles: 0, memoryHits: 0, diskHits: 1, diskRejects: 0))
    }

    @Test func decodeNamesWhatIsWrong() throws {
        let payload: [UInt8] = Array(0..<100)
        let file = payload.withUnsafeBytes { CacheEntryFile.encode($0, key: "key") }
        func decode(_ bytes: [UInt8]) -> Result<ArraySlice<UInt8>, CacheEntryFile.Rejection> {
            CacheEntryFile.decode(bytes, key: "key")
        }
        #expect(try decode(file).get() == payload[...])
        #expect(decode(Damage.flippedMagic.apply(to: file)) == .failure(.notAnEntry))
        #expect(decode(Damage.flippedVersion.apply(to: file)) == .failure(.version))
        #expect(decode(Damage.truncatedByOneByte.apply(to: file)) == .failure(.length))
        #expect(decode(Damage.flippedPayloadMiddle.apply(to: file)) == .failure(.checksum))
        #expect(decode(Damage.flippedChecksum.apply(to: file)) == .failure(.checksum))
        #expect(decode(Damage.flippedKey.apply(to: file)) == .failure(.foreign))
        #expect(CacheEntryFile.decode(file, key: "another key") == .failure(.foreign))
        #expect(decode([]) == .failure(.notAnEntry))
    }
}
