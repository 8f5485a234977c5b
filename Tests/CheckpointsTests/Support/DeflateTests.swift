import CZlib
@testable import Checkpoints
import Testing

/// The zlib wrapper that reads and writes deflated npz entries: exact
/// sizes, damaged streams as errors, and the CRC-32 check value.
@Suite struct DeflateTests {
    /// Data with short and long repeats (distances up to 32 KiB), runs and noise.
    static func sample(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var data: [UInt8] = []
        while data.count < count {
            switch next() % 4 {
            case 0: data.append(contentsOf: (0..<Int(next() % 300)).map { _ in UInt8(truncatingIfNeeded: next()) })
            case 1: data.append(contentsOf: repeatElement(UInt8(truncatingIfNeeded: next()), count: Int(next() % 400)))
            default:
                guard !data.isEmpty else { continue }
                let distance = Int(next() % UInt64(min(data.count, 32768))) + 1
                let length = Int(next() % 600) + 3
                for _ in 0..<length { data.append(data[data.count - distance]) }
            }
        }
        return Array(data.prefix(count))
    }

    @Test func roundTrips() throws {
        for (index, count) in [0, 1, 100, 5000, 70000].enumerated() {
            let data = Self.sample(count: count, seed: UInt64(index))
            for level in [Int32(0), 1, 6, 9] {
                let compressed = try #require(Deflate.compress(data, level: level))
                #expect(try Deflate.decompress(compressed, in: 0..<compressed.count, expectedSize: data.count) == data)
            }
        }
    }

    /// Raw deflate of the empty input is the fixed block `03 00` (RFC 1951).
    @Test func emptyInput() throws {
        #expect(Deflate.compress([]) == [0x03, 0x00])
        #expect(try Deflate.decompress([0x03, 0x00], in: 0..<2, expectedSize: 0) == [])
        #expect(throws: Deflate.Failure.self) { try Deflate.decompress([], in: 0..<0, expectedSize: 0) }
    }

    @Test func damagedStreamsFailCleanly() throws {
        let data = Self.sample(count: 20000, seed: 7)
        let compressed = try #require(Deflate.compress(data))
        // Cut short, or asked for the wrong size.
        #expect(throws: Deflate.Failure.self) { try Deflate.decompress(compressed, in: 0..<(compressed.count / 2), expectedSize: data.count) }
        #expect(throws: Deflate.Failure.self) { try Deflate.decompress(compressed, in: 0..<compressed.count, expectedSize: data.count - 1) }
        #expect(throws: Deflate.Failure.self) { try Deflate.decompress(compressed, in: 0..<compressed.count, expectedSize: data.count + 1) }
        // Block type 3 is invalid.
        #expect(throws: Deflate.Failure.self) { try Deflate.decompress([0x07], in: 0..<1, expectedSize: 0) }
        // Random damage: an error or some output, never a crash.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var damaged = compressed
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? Deflate.decompress(damaged, in: 0..<damaged.count, expectedSize: data.count)
        }
    }

    /// The CRC-32 check value of "123456789" (the catalogue's `check`).
    @Test func crc32() {
        #expect(Deflate.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Deflate.checksum([]) == 0)
    }
}
