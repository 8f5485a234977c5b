import CZlib

/// Raw DEFLATE (RFC 1951, the zip entries of `np.savez_compressed`), the
/// zlib format (RFC 1950, PNG's image data) and CRC-32 through zlib.
package enum Deflate {
    /// Why a stream could not be decoded.
    package struct Failure: Error {
        let message: String
    }

    /// Decodes the raw deflate stream `input[range]`, which must produce
    /// exactly `expectedSize` bytes and end there.
    package static func decompress(_ input: [UInt8], in range: Range<Int>, expectedSize: Int) throws(Failure) -> [UInt8] {
        guard range.count <= Int(UInt32.max), expectedSize <= Int(UInt32.max) - 1 else {
            throw Failure(message: "entries of 4 GiB or more are not read")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        // One byte more than expected, so that a stream giving more is seen.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        let (status, produced) = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress.map { UnsafeMutablePointer(mutating: $0 + range.lowerBound) }
                stream.avail_in = UInt32(range.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                let status = inflate(&stream, Z_FINISH)
                return (status, destination.count - Int(stream.avail_out))
            }
        }
        if status == Z_STREAM_END, produced == expectedSize {
            output.removeLast()
            return output
        }
        if produced > expectedSize { throw Failure(message: "deflate stream gives more than \(expectedSize) bytes") }
        switch status {
        case Z_STREAM_END: throw Failure(message: "deflate stream gives \(produced) bytes, not \(expectedSize)")
        case Z_BUF_ERROR: throw Failure(message: "deflate stream ends after \(produced) of \(expectedSize) bytes")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw Failure(message: "invalid deflate stream (\(reason))")
        }
    }

    /// `data` as a raw deflate stream at zlib's `level` (0-9); nil when
    /// zlib cannot (out of memory) or `data` is 4 GiB or more.
    package static func compress(_ data: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) -> [UInt8]? {
        guard data.count < Int(UInt32.max) else { return nil }
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))))
        let produced = data.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination -> Int? in
                stream.next_in = source.baseAddress.map { UnsafeMutablePointer(mutating: $0) }
                stream.avail_in = UInt32(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return destination.count - Int(stream.avail_out)
            }
        }
        return produced.map { Array(output.prefix($0)) }
    }

    /// `data` in the zlib format (RFC 1950: a two-byte header, the raw
    /// deflate stream, the Adler-32 checksum); nil as ``compress(_:level:)``.
    package static func zlibCompress(_ data: [UInt8]) -> [UInt8]? {
        guard let deflated = compress(data) else { return nil }
        let sum = data.withUnsafeBufferPointer { UInt32(adler32(adler32(0, nil, 0), $0.baseAddress, UInt32($0.count))) }
        return [0x78, 0x9C] + deflated + (0..<4).map { UInt8(truncatingIfNeeded: sum >> (24 - 8 * $0)) }
    }

    /// The CRC-32 of `data` (the zip and gzip checksum).
    package static func checksum(_ data: [UInt8]) -> UInt32 {
        var crc = crc32(0, nil, 0)
        data.withUnsafeBufferPointer { buffer in
            var base = buffer.baseAddress
            var remaining = buffer.count
            while remaining > 0, let pointer = base {
                let chunk = min(remaining, Int(UInt32.max))
                crc = crc32(crc, pointer, UInt32(chunk))
                base = pointer + chunk
                remaining -= chunk
            }
        }
        return UInt32(crc)
    }
}
