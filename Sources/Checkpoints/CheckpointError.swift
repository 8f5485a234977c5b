import XLATensor

/// An error reading or writing a checkpoint, a safetensors file or a NumPy
/// `.npy`/`.npz` file. Every case names the file and says what is wrong.
///
/// Bad input never crashes: a truncated, corrupted or mismatched file gives
/// one of these, and a failed save leaves an existing file untouched.
public enum CheckpointError: Error, Equatable, Sendable {
    /// The file could not be opened, read, written, synced or renamed
    /// (`operation` says which, `reason` is the system's message).
    case io(file: String, operation: String, reason: String)
    /// The file ends early: it has `size` bytes where its header needs `needed`.
    case truncated(file: String, size: Int, needed: Int)
    /// The header (safetensors JSON, `.npy` dictionary) is malformed.
    case badHeader(file: String, reason: String)
    /// A tensor's `data_offsets` do not lie inside the data section of `dataSize` bytes.
    case offsetsOutOfRange(file: String, key: String, begin: Int, end: Int, dataSize: Int)
    /// A tensor's dtype is not one this library reads (complex, FP8, object, ...).
    case unknownDType(file: String, key: String, dtype: String)
    /// A tensor's shape and dtype need `expected` bytes but it has `actual`.
    case byteCountMismatch(file: String, key: String, dtype: String, shape: [Int], expected: Int, actual: Int)
    /// A key the reader needs is absent from the file.
    case missingKey(file: String, key: String)
    /// The file holds a key that the template does not.
    case unexpectedKey(file: String, key: String)
    /// A tensor's dtype or shape differs from the template's.
    case typeMismatch(file: String, key: String, expected: TensorType, found: TensorType)
    /// A key cannot be mapped to or from the checkpoint layout (for example
    /// a parameter name containing `/`, or a reserved metadata key).
    case invalidKey(file: String, key: String, reason: String)
    /// A value has the wrong form (a random key that is not `uint32[..., 2]`,
    /// a `step` that is not an integer).
    case invalidValue(file: String, key: String, reason: String)
    /// Saving failed because a tensor could not be read (it is poisoned,
    /// traced, or its computation failed).
    case unreadableTensor(file: String, key: String, error: TensorError)
    /// The container is damaged: a zip directory that does not parse, a CRC
    /// mismatch, an invalid deflate stream.
    case corrupted(file: String, reason: String)
    /// The file uses a feature this library does not read (`feature` says
    /// which, and what to do instead).
    case unsupported(file: String, feature: String)
    /// The path is not a regular file: `kind` says what it is (a directory,
    /// a FIFO, a character device such as `/dev/zero`, or, for a save's
    /// destination, a symbolic link). Nothing is read from it or written to it.
    case notRegularFile(file: String, kind: String)
}

extension CheckpointError: CustomStringConvertible {
    /// One sentence saying which file is wrong, how, and where possible what to do.
    public var description: String {
        switch self {
        case let .io(file, operation, reason):
            return "Could not \(operation) '\(file)': \(reason)."
        case let .truncated(file, size, needed):
            return "'\(file)' is truncated: it has \(size) bytes but its header needs \(needed)."
        case let .badHeader(file, reason):
            return "'\(file)' has a malformed header: \(reason)."
        case let .offsetsOutOfRange(file, key, begin, end, dataSize):
            return "Tensor '\(key)' in '\(file)' has data_offsets [\(begin), \(end)] outside the data section of \(dataSize) bytes."
        case let .unknownDType(file, key, dtype):
            return "Tensor '\(key)' in '\(file)' has dtype '\(dtype)', which is not supported (use bool, int8...int64, uint8...uint64, float16, bfloat16, float32 or float64)."
        case let .byteCountMismatch(file, key, dtype, shape, expected, actual):
            return "Tensor '\(key)' in '\(file)' is \(dtype) of shape \(shape), which needs \(expected) bytes, but it has \(actual)."
        case let .missingKey(file, key):
            return "'\(file)' has no tensor '\(key)'."
        case let .unexpectedKey(file, key):
            return "'\(file)' holds '\(key)', which the expected parameters do not have."
        case let .typeMismatch(file, key, expected, found):
            return "Tensor '\(key)' in '\(file)' is \(Self.spell(found)) but \(Self.spell(expected)) was expected."
        case let .invalidKey(file, key, reason):
            return "Key '\(key)' of '\(file)' is invalid: \(reason)."
        case let .invalidValue(file, key, reason):
            return "'\(key)' in '\(file)' is invalid: \(reason)."
        case let .unreadableTensor(file, key, error):
            return "Could not save '\(file)' because tensor '\(key)' cannot be read: \(error.description)"
        case let .corrupted(file, reason):
            return "'\(file)' is corrupted: \(reason)."
        case let .unsupported(file, feature):
            return "'\(file)' uses an unsupported feature: \(feature)."
        case let .notRegularFile(file, kind):
            let hint = kind == "symbolic link" ? "; save to the path it points to instead" : ""
            return "'\(file)' is a \(kind), not a regular file; checkpoints are read from and saved to regular files only\(hint)."
        }
    }

    /// `float32[2, 3]`, as users read a type.
    static func spell(_ type: TensorType) -> String {
        "\(type.elementType.name)[\(type.shape.map(String.init).joined(separator: ", "))]"
    }
}
