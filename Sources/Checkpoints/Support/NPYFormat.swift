import XLATensor

/// The `.npy` format: `\x93NUMPY`, a version, a header length (2 bytes in
/// version 1, 4 in versions 2 and 3), a Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, then
/// the raw data.
enum NPYFormat {
    /// A value of the header's Python literal.
    enum Literal: Equatable {
        case string(String)
        case bool(Bool)
        case integer(Int)
        case tuple([Literal])
        case list([Literal])
        case dictionary([(String, Literal)])

        static func == (lhs: Literal, rhs: Literal) -> Bool {
            switch (lhs, rhs) {
            case let (.string(a), .string(b)): a == b
            case let (.bool(a), .bool(b)): a == b
            case let (.integer(a), .integer(b)): a == b
            case let (.tuple(a), .tuple(b)), let (.list(a), .list(b)): a == b
            case let (.dictionary(a), .dictionary(b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
            default: false
            }
        }
    }

    /// Decodes one `.npy` payload; `key` names the array in errors.
    static func decode(_ bytes: [UInt8], file: String, key: String) throws(CheckpointError) -> Tensor {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10 || !bytes.starts(with: magic.prefix(bytes.count)) else {
            throw .truncated(file: file, size: bytes.count, needed: 10)
        }
        guard bytes.starts(with: magic) else {
            throw .badHeader(file: file, reason: "array '\(key)' is not in .npy format (no \\x93NUMPY magic)")
        }
        let reader = ByteReader(bytes: bytes, file: file)
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1: (headerStart, headerLength) = (10, Int(try reader.u16(8)))
        case 2, 3: (headerStart, headerLength) = (12, Int(try reader.u32(8)))
        default: throw .unsupported(file: file, feature: ".npy format version \(major) of array '\(key)'")
        }
        let headerRange = try reader.range(headerStart, headerLength)
        let header: Literal
        do {
            var parser = LiteralParser(bytes: Array(bytes[headerRange]))
            header = try parser.parse()
        } catch {
            throw .badHeader(file: file, reason: "array '\(key)' has an invalid .npy header: \(error.message)")
        }
        guard case let .dictionary(fields) = header else {
            throw .badHeader(file: file, reason: "array '\(key)' has a .npy header that is not a dict")
        }
        func field(_ name: String) throws(CheckpointError) -> Literal {
            guard let value = fields.first(where: { $0.0 == name })?.1 else {
                throw .badHeader(file: file, reason: "array '\(key)' has no '\(name)' in its .npy header")
            }
            return value
        }
        let descrValue = try field("descr")
        guard case let .string(descr) = descrValue else {
            throw .unsupported(file: file, feature: "structured dtype of array '\(key)'")
        }
        guard case let .bool(fortranOrder) = try field("fortran_order") else {
            throw .badHeader(file: file, reason: "array '\(key)' has a fortran_order that is not True or False")
        }
        guard case let .tuple(dimensions) = try field("shape") else {
            throw .badHeader(file: file, reason: "array '\(key)' has a shape that is not a tuple")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case let .integer(size) = dimension, size >= 0 else {
                throw .badHeader(file: file, reason: "array '\(key)' has a shape that is not a tuple of non-negative integers")
            }
            shape.append(size)
        }
        let order = descr.first
        guard let order, "<>|=".contains(order), let dtype = DTypeNames.elementType(numpy: descr.dropFirst()) else {
            throw .unknownDType(file: file, key: key, dtype: descr)
        }
        if fortranOrder && shape.count > 1 {
            throw .unsupported(file: file, feature: "Fortran-order array '\(key)': save it with np.ascontiguousarray(x)")
        }
        let dataStart = headerStart + headerLength
        let expected = try ShapeCheck.byteCount(shape: shape, dtype: dtype, file: file, key: key)
        let available = bytes.count - dataStart
        guard available >= expected else { throw .truncated(file: file, size: bytes.count, needed: dataStart + expected) }
        guard available == expected else {
            throw .byteCountMismatch(file: file, key: key, dtype: descr, shape: shape, expected: expected, actual: available)
        }
        var data = Array(bytes[dataStart...])
        if order == ">" && dtype.byteCount > 1 {
            let width = dtype.byteCount
            for start in stride(from: 0, to: data.count, by: width) { data[start..<(start + width)].reverse() }
        }
        return Tensor(bytes: data, dtype: dtype, shape: shape)
    }

    /// The bytes of a version 1.0 `.npy` file for a little-endian C-order
    /// array, exactly as `np.save` writes them: the header dict, room for
    /// the first dimension to grow to 21 digits, and spaces so the data
    /// starts at a multiple of 64 bytes.
    static func encode(descr: String, shape: [Int], data: [UInt8]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        if let first = shape.first { text += String(repeating: " ", count: max(0, 21 - String(first).count)) }
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = text.utf8.count
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes.append(contentsOf: text.utf8)
        bytes.append(contentsOf: data)
        return bytes
    }

    /// Parses the Python literals NumPy writes in headers: dicts, tuples,
    /// lists, quoted strings, integers, `True`, `False`.
    struct LiteralParser {
        struct Failure: Error { let message: String }
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func parse() throws(Failure) -> Literal {
            let value = try literal(depth: 0)
            skipSpace()
            guard index == bytes.count else { throw Failure(message: "unexpected text after the dict") }
            return value
        }

        private mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func sequence(close: UInt8, depth: Int) throws(Failure) -> ([Literal], Bool) {
            var items: [Literal] = []
            var trailingComma = false
            while !take(close) {
                items.append(try literal(depth: depth + 1))
                trailingComma = take(UInt8(ascii: ","))
                if !trailingComma {
                    guard take(close) else { throw Failure(message: "expected ',' or a closing bracket") }
                    break
                }
            }
            return (items, trailingComma)
        }

        private mutating func literal(depth: Int) throws(Failure) -> Literal {
            guard depth < 16 else { throw Failure(message: "nested too deeply") }
            skipSpace()
            guard index < bytes.count else { throw Failure(message: "unexpected end") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                index += 1
                var fields: [(String, Literal)] = []
                while !take(UInt8(ascii: "}")) {
                    guard case let .string(name) = try literal(depth: depth + 1) else { throw Failure(message: "a dict key is not a string") }
                    guard take(UInt8(ascii: ":")) else { throw Failure(message: "expected ':'") }
                    fields.append((name, try literal(depth: depth + 1)))
                    if !take(UInt8(ascii: ",")) {
                        guard take(UInt8(ascii: "}")) else { throw Failure(message: "expected ',' or '}'") }
                        break
                    }
                }
                return .dictionary(fields)
            case UInt8(ascii: "("):
                index += 1
                return .tuple(try sequence(close: UInt8(ascii: ")"), depth: depth).0)
            case UInt8(ascii: "["):
                index += 1
                return .list(try sequence(close: UInt8(ascii: "]"), depth: depth).0)
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                index += 1
                let start = index
                while index < bytes.count, bytes[index] != byte {
                    guard bytes[index] != UInt8(ascii: "\\") else { throw Failure(message: "escapes in strings are not supported") }
                    index += 1
                }
                guard index < bytes.count else { throw Failure(message: "unterminated string") }
                index += 1
                return .string(String(decoding: bytes[start..<(index - 1)], as: UTF8.self))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                index += 1
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                if index < bytes.count, bytes[index] == UInt8(ascii: "L") { index += 1 }  // Python 2 longs
                let text = String(decoding: bytes[start..<index], as: UTF8.self).filter { $0 != "L" }
                guard let value = Int(text) else { throw Failure(message: "invalid integer '\(text)'") }
                return .integer(value)
            default:
                for (word, value) in [("True", true), ("False", false)] where bytes[index...].starts(with: word.utf8) {
                    index += word.utf8.count
                    return .bool(value)
                }
                throw Failure(message: "unexpected character '\(Character(Unicode.Scalar(byte)))'")
            }
        }
    }
}
