/// What went wrong while reading a data set. Every case names the file, so
/// the message alone tells what to fix.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist. MNIST, Fashion-MNIST and the Shakespeare
    /// text come from `Scripts/fetch-data`.
    case missingFile(path: String)
    /// The file exists but could not be opened or decompressed (permissions,
    /// a corrupt gzip stream); `reason` is the system's or zlib's message.
    case unreadable(path: String, reason: String)
    /// The file does not start with an idx magic number this reader knows
    /// (`0x00000801` for labels, `0x00000803` for images, or any unsigned-byte
    /// idx `0x000008nn` where the caller accepts any).
    case badMagic(path: String, found: UInt32, expected: [UInt32])
    /// The file ends before the data its header announces.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The file is well formed but not what the data set needs (shape, label
    /// range, images and labels that disagree on the count).
    case invalidContents(path: String, reason: String)
    /// An argument is out of range (a batch size of 0, a negative epoch count).
    case invalidArgument(String)

    /// A one-line message naming the file and what to do.
    public var description: String {
        switch self {
        case let .missingFile(path):
            return "data file \(path) is missing; run Scripts/fetch-data (in the haiku-swift repository) to fetch MNIST, Fashion-MNIST and the Shakespeare text (Scripts/fetch-data shakespeare fetches only the text)"
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .badMagic(path, found, expected):
            let wanted = expected.isEmpty ? "an unsigned-byte idx magic 0x000008nn" : expected.map(hex).joined(separator: " or ")
            return "\(path) is not an idx file of the expected kind: magic \(hex(found)), expected \(wanted)"
        case let .truncated(path, expectedBytes, actualBytes):
            return "\(path) is truncated: its header announces \(expectedBytes) bytes of data, the file holds \(actualBytes); run Scripts/fetch-data again"
        case let .invalidContents(path, reason):
            return "\(path): \(reason)"
        case let .invalidArgument(reason):
            return "invalid argument: \(reason)"
        }
    }
}

/// `0x00000803`.
private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
