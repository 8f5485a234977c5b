/// A text for a character-level model: its ``vocabulary`` and every byte
/// encoded as an index into it, with a split into a training part and a
/// validation part (the end of the text, so the two never share a window).
///
/// ```swift
/// let text = try Shakespeare.load()
/// let (train, validation) = try text.windows(length: 64)
/// ```
public struct CharacterText: Sendable, Equatable {
    /// The distinct bytes of the text, in increasing order.
    public let vocabulary: CharacterVocabulary
    /// Each byte of the text as an index into ``vocabulary``.
    public let characters: [Int32]

    /// The text `bytes`; `source` names it in errors (a path, or a
    /// description).
    ///
    /// - Throws: ``DatasetError/invalidContents(path:reason:)`` for an empty text.
    public init(_ bytes: [UInt8], source: String = "the text") throws {
        guard !bytes.isEmpty else { throw DatasetError.invalidContents(path: source, reason: "the text is empty") }
        vocabulary = CharacterVocabulary(of: bytes)
        characters = try vocabulary.encode(bytes)
    }

    /// The text `string` (its UTF-8 bytes); see ``init(_:source:)``.
    public init(_ string: String) throws { try self.init(Array(string.utf8)) }

    /// The text in the file at `path` (plain or gzipped), at most
    /// ``maximumBytes`` long.
    ///
    /// - Throws: ``DatasetError/missingFile(path:)`` (whose message tells to
    ///   run `Scripts/fetch-data`), ``DatasetError/unreadable(path:reason:)``,
    ///   and ``DatasetError/invalidContents(path:reason:)`` for an empty or a
    ///   too large file.
    public static func load(path: String) throws -> CharacterText {
        var source = try ByteSource.open(path)
        defer { source.close() }
        var bytes: [UInt8] = []
        while true {
            let chunk = try source.read(count: 1 << 20, path: path)
            if chunk.isEmpty { break }
            bytes += chunk
            guard bytes.count <= maximumBytes else {
                throw DatasetError.invalidContents(path: path, reason: "the text is larger than \(maximumBytes) bytes")
            }
        }
        return try CharacterText(bytes, source: path)
    }

    /// The largest text ``load(path:)`` reads: 256 MiB.
    public static let maximumBytes = 1 << 28

    /// The training part (the first characters) and the validation part
    /// (the last `validationFraction` of the text, rounded down), cut into
    /// windows of `length` characters (see ``TextWindows``). The training
    /// windows are placed by `trainingPlacement` (for training,
    /// ``TextWindows/Placement/randomOffsetPerEpoch(seed:)`` shows the model
    /// a different cut of the text each epoch); the validation windows
    /// always begin at offset 0, so validation losses compare across epochs.
    ///
    /// - Throws: ``DatasetError/invalidArgument(_:)`` for a fraction outside
    ///   `0 < f < 1`, a training offset outside `0..<length`, or a part too
    ///   short for one window of `length` characters and its targets.
    public func windows(length: Int, validationFraction: Double = 0.1,
                        trainingPlacement: TextWindows.Placement = .offset(0)) throws -> (train: TextWindows, validation: TextWindows) {
        guard validationFraction > 0, validationFraction < 1 else {
            throw DatasetError.invalidArgument("the validation fraction must lie between 0 and 1, not \(validationFraction)")
        }
        let validationCount = Int(Double(characters.count) * validationFraction)
        let cut = characters.count - validationCount
        return (try part("training", characters[..<cut], length: length, placement: trainingPlacement),
                try part("validation", characters[cut...], length: length, placement: .offset(0)))
    }

    private func part(_ name: String, _ characters: ArraySlice<Int32>, length: Int, placement: TextWindows.Placement) throws -> TextWindows {
        do {
            return try TextWindows(Array(characters), length: length, placement: placement)
        } catch let DatasetError.invalidArgument(reason) {
            throw DatasetError.invalidArgument("the \(name) part of a text of \(self.characters.count) characters: \(reason)")
        }
    }
}
