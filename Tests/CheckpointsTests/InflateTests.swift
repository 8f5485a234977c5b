import CZlib
@testable import Checkpoints
import Testing

/// The deflate decoder against zlib's encoder: every level and strategy
/// (stored, fixed and dynamic Huffman blocks, long matches), and damaged
/// streams.
@Suite struct InflateTests {
    /// Raw deflate (no zlib header) of `data` by zlib.
    static func deflate(_ data: [UInt8], level: Int32, strategy: Int32) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, strategy, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var input = data
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 64)
        let written = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                precondition(CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return destination.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(written))
    }

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

    @Test(arguments: [Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED])
    func matchesZlib(strategy: Int32) throws {
        for (index, count) in [0, 1, 100, 5000, 70000].enumerated() {
            let data = Self.sample(count: count, seed: UInt64(index) + UInt64(strategy) * 100)
            for level in [Int32(0), 1, 6, 9] {
                let compressed = Self.deflate(data, level: level, strategy: strategy)
                let inflated = try Inflate.decompress(compressed, in: 0..<compressed.count, expectedSize: data.count)
                #expect(inflated == data, "count \(count), level \(level)")
            }
        }
    }

    @Test func damagedStreamsFailCleanly() {
        let data = Self.sample(count: 20000, seed: 7)
        let compressed = Self.deflate(data, level: 6, strategy: Z_DEFAULT_STRATEGY)
        // Cut short, or asked for the wrong size.
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(compressed, in: 0..<(compressed.count / 2), expectedSize: data.count) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(compressed, in: 0..<compressed.count, expectedSize: data.count - 1) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(compressed, in: 0..<compressed.count, expectedSize: data.count + 1) }
        // Block type 3 is invalid.
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress([0x07], in: 0..<1, expectedSize: 0) }
        // Random damage: an error or some output, never a crash.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var damaged = compressed
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? Inflate.decompress(damaged, in: 0..<damaged.count, expectedSize: data.count)
        }
    }

    @Test func crc32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        for count in [1, 7, 8, 9, 63, 1000, 4097] {
            let data = Self.sample(count: count, seed: UInt64(count))
            let expected = data.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
            #expect(CRC32.checksum(data) == expected, "\(count) bytes")
        }
    }
}
