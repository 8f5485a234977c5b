/// The distinct bytes of a text, in increasing byte order: character `i`
/// of a model's alphabet is the byte ``bytes``[i]. Encoding maps bytes to
/// these indices, decoding maps them back.
///
/// ```swift
/// let vocabulary = CharacterVocabulary(of: Array("hello".utf8))   // "ehlo"
/// try vocabulary.encode("hole")                                   // [1, 3, 2, 0]
/// ```
public struct CharacterVocabulary: Sendable, Equatable {
    /// The distinct bytes, in increasing order.
    public let bytes: [UInt8]
    /// The index of each byte value in ``bytes``, or -1.
    private let indexOfByte: [Int32]

    /// The vocabulary of `text`: each byte value it holds, once.
    public init(of text: some Sequence<UInt8>) {
        var present = [Bool](repeating: false, count: 256)
        for byte in text { present[Int(byte)] = true }
        bytes = (0...255).filter { present[$0] }.map(UInt8.init)
        var indexOfByte = [Int32](repeating: -1, count: 256)
        for (index, byte) in bytes.enumerated() { indexOfByte[Int(byte)] = Int32(index) }
        self.indexOfByte = indexOfByte
    }

    /// The number of characters (at most 256).
    public var count: Int { bytes.count }

    /// The index of each byte of `text`.
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` naming the first byte
    ///   that is not in the vocabulary and its position.
    public func encode(_ text: some Sequence<UInt8>) throws -> [Int32] {
        var indices: [Int32] = []
        indices.reserveCapacity(text.underestimatedCount)
        for (position, byte) in text.enumerated() {
            let index = indexOfByte[Int(byte)]
            guard index >= 0 else {
                throw DatasetError.invalidArgument(
                    "byte \(byte) (\(Self.describe(byte))) at position \(position) is not one of the vocabulary's \(count) characters")
            }
            indices.append(index)
        }
        return indices
    }

    /// The index of each UTF-8 byte of `text`; see the byte form of `encode`.
    public func encode(_ text: String) throws -> [Int32] { try encode(Array(text.utf8)) }

    /// The text whose characters are `indices` (bytes that are not valid
    /// UTF-8 become U+FFFD).
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for an index outside
    ///   `0..<count`.
    public func decode(_ indices: some Sequence<Int32>) throws -> String {
        let decoded = try indices.map { index in
            guard index >= 0, Int(index) < count else {
                throw DatasetError.invalidArgument("character index \(index) is outside the vocabulary's 0..<\(count)")
            }
            return bytes[Int(index)]
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// `"a"`, or `"\n"` and the like for control bytes.
    private static func describe(_ byte: UInt8) -> String {
        (32..<127).contains(byte) ? "\"\(Character(Unicode.Scalar(byte)))\"" : "0x" + String(byte, radix: 16)
    }
}
