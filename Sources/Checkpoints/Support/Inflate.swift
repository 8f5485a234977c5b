/// A DEFLATE (RFC 1951) decoder, after Mark Adler's `puff.c`: canonical
/// Huffman codes (codes of up to 9 bits through a lookup table, longer ones
/// a bit at a time), every length and distance checked, so a damaged
/// stream gives an error rather than a crash.
struct Inflate {
    /// Why the stream could not be decoded.
    struct Failure: Error {
        let message: String
    }

    private let input: [UInt8]
    private var position: Int
    private let end: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private var output: [UInt8] = []
    private let limit: Int

    /// Decodes the raw deflate stream `input[range]`, which must produce
    /// exactly `expectedSize` bytes.
    static func decompress(_ input: [UInt8], in range: Range<Int>, expectedSize: Int) throws(Failure) -> [UInt8] {
        var inflater = Inflate(input: input, position: range.lowerBound, end: range.upperBound, limit: expectedSize)
        inflater.output.reserveCapacity(expectedSize)
        var last = false
        while !last {
            last = try inflater.bits(1) == 1
            switch try inflater.bits(2) {
            case 0: try inflater.stored()
            case 1: try inflater.codes(Self.fixedLengths, Self.fixedDistances)
            case 2: try inflater.dynamic()
            default: throw Failure(message: "invalid deflate block type")
            }
        }
        guard inflater.output.count == expectedSize else {
            throw Failure(message: "deflate stream gives \(inflater.output.count) bytes, not \(expectedSize)")
        }
        return inflater.output
    }

    private init(input: [UInt8], position: Int, end: Int, limit: Int) {
        self.input = input
        self.position = position
        self.end = end
        self.limit = limit
    }

    /// Tops the bit buffer up to at least 56 bits, or to the end of the input.
    private mutating func refill() {
        while bitCount <= 48, position < end {
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
    }

    /// The next `count` (at most 16) bits, least significant first.
    private mutating func bits(_ count: Int) throws(Failure) -> Int {
        if bitCount < count {
            refill()
            guard bitCount >= count else { throw Failure(message: "deflate stream ends early") }
        }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    private mutating func emit(_ byte: UInt8) throws(Failure) {
        guard output.count < limit else { throw Failure(message: "deflate stream gives more than \(limit) bytes") }
        output.append(byte)
    }

    private mutating func stored() throws(Failure) {
        // Drop the partial byte; give back whole bytes read ahead.
        position -= bitCount >> 3
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= end else { throw Failure(message: "deflate stream ends early") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        position += 4
        guard length == ~complement & 0xFFFF else { throw Failure(message: "stored block length does not match its complement") }
        guard position + length <= end else { throw Failure(message: "deflate stream ends early") }
        guard output.count + length <= limit else { throw Failure(message: "deflate stream gives more than \(limit) bytes") }
        output.append(contentsOf: input[position..<(position + length)])
        position += length
    }

    /// A canonical Huffman code: how many codes of each length, the
    /// symbols ordered by code, and a table for the short codes.
    struct Huffman {
        var count = [Int](repeating: 0, count: 16)
        var symbol: [Int]
        /// Indexed by the next 9 input bits: `symbol << 4 | length` for a
        /// code of up to 9 bits starting there, 0 otherwise.
        var fast = [UInt16](repeating: 0, count: 1 << Huffman.fastBits)
        static let fastBits = 9
        /// Whether some bit patterns are left unused (allowed only for a single one-bit code).
        var isIncomplete = false

        init(lengths: ArraySlice<Int>) throws(Failure) {
            symbol = [Int](repeating: 0, count: lengths.count)
            for length in lengths { count[length] += 1 }
            if count[0] == lengths.count { return }  // no codes: complete, but nothing decodes
            var left = 1
            for length in 1...15 {
                left <<= 1
                left -= count[length]
                guard left >= 0 else { throw Failure(message: "over-subscribed Huffman code") }
            }
            isIncomplete = left > 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + count[length] }
            for (index, length) in lengths.enumerated() where length != 0 {
                symbol[offsets[length]] = index
                offsets[length] += 1
            }
            // Canonical codes in symbol order per length; deflate sends them
            // most significant bit first, so the table is indexed by the reversed code.
            var next = [Int](repeating: 0, count: 16)
            var start = 0
            for length in 1...15 { next[length] = start; start = (start + count[length]) << 1 }
            for (index, length) in lengths.enumerated() where length != 0 {
                let value = next[length]
                next[length] += 1
                guard length <= Self.fastBits else { continue }
                var reversed = 0
                for bit in 0..<length where value & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                for high in stride(from: reversed, to: 1 << Self.fastBits, by: 1 << length) {
                    fast[high] = UInt16(index << 4 | length)
                }
            }
        }
    }

    private mutating func decode(_ code: Huffman) throws(Failure) -> Int {
        if bitCount < Huffman.fastBits { refill() }
        let entry = Int(code.fast[Int(bitBuffer & UInt64((1 << Huffman.fastBits) - 1))])
        let length = entry & 0xF
        if entry != 0, length <= bitCount {
            bitBuffer >>= UInt64(length)
            bitCount -= length
            return entry >> 4
        }
        var value = 0, first = 0, index = 0
        for length in 1...15 {
            value |= try bits(1)
            let count = code.count[length]
            if value - count < first { return code.symbol[index + (value - first)] }
            index += count
            first += count
            first <<= 1
            value <<= 1
        }
        throw Failure(message: "invalid Huffman code")
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                     35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                       1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    // The fixed codes cannot fail to build.
    private static let fixedLengths = try! Huffman(lengths: ArraySlice(
        Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112) + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8)))
    private static let fixedDistances = try! Huffman(lengths: ArraySlice(Array(repeating: 5, count: 30)))

    private mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws(Failure) {
        while true {
            var symbol = try decode(lengths)
            if symbol < 256 {
                try emit(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                symbol -= 257
                guard symbol < 29 else { throw Failure(message: "invalid length symbol") }
                let length = Self.lengthBase[symbol] + (try bits(Self.lengthExtra[symbol]))
                let distanceSymbol = try decode(distances)
                guard distanceSymbol < 30 else { throw Failure(message: "invalid distance symbol") }
                let distance = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw Failure(message: "distance reaches before the start of the output") }
                guard output.count + length <= limit else { throw Failure(message: "deflate stream gives more than \(limit) bytes") }
                let start = output.count - distance
                for offset in 0..<length { output.append(output[start + offset]) }
            }
        }
    }

    private mutating func dynamic() throws(Failure) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw Failure(message: "too many Huffman codes") }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeCount { codeLengths[order[index]] = try bits(3) }
        let lengthCode = try Huffman(lengths: codeLengths[...])
        guard !lengthCode.isIncomplete else { throw Failure(message: "incomplete code-length code") }
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            if symbol < 16 {
                lengths.append(symbol)
                continue
            }
            var repeated = 0
            let times: Int
            switch symbol {
            case 16:
                guard let previous = lengths.last else { throw Failure(message: "repeat with no previous length") }
                repeated = previous
                times = 3 + (try bits(2))
            case 17: times = 3 + (try bits(3))
            default: times = 11 + (try bits(7))
            }
            guard lengths.count + times <= literalCount + distanceCount else { throw Failure(message: "too many code lengths") }
            lengths.append(contentsOf: repeatElement(repeated, count: times))
        }
        guard lengths[256] != 0 else { throw Failure(message: "no end-of-block code") }
        let literals = try Huffman(lengths: lengths[0..<literalCount])
        // An incomplete code is allowed only as a single code of one bit.
        guard !literals.isIncomplete || literals.count[0] + literals.count[1] == literalCount else {
            throw Failure(message: "incomplete literal/length code")
        }
        let distances = try Huffman(lengths: lengths[literalCount...])
        guard !distances.isIncomplete || distances.count[0] + distances.count[1] == distanceCount else {
            throw Failure(message: "incomplete distance code")
        }
        try codes(literals, distances)
    }
}

/// CRC-32 (IEEE 802.3, as zip uses), eight bytes a step ("slicing by 8").
enum CRC32 {
    /// Eight 256-entry tables: table k gives the CRC of a byte followed by k zero bytes.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            tables[index] = value
        }
        for index in 0..<256 {
            for table in 1..<8 {
                let previous = tables[(table - 1) * 256 + index]
                tables[table * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The checksum of `bytes`.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { data in
                var index = 0
                let count = data.count
                while index + 8 <= count {
                    let low = crc ^ (UInt32(data[index]) | UInt32(data[index + 1]) << 8
                        | UInt32(data[index + 2]) << 16 | UInt32(data[index + 3]) << 24)
                    crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                        ^ t[3 * 256 + Int(data[index + 4])] ^ t[2 * 256 + Int(data[index + 5])]
                        ^ t[1 * 256 + Int(data[index + 6])] ^ t[Int(data[index + 7])]
                    index += 8
                }
                while index < count {
                    crc = t[Int((crc ^ UInt32(data[index])) & 0xFF)] ^ (crc >> 8)
                    index += 1
                }
            }
        }
        return ~crc
    }
}
