import XLATensor

/// Reading and writing [safetensors](https://github.com/huggingface/safetensors)
/// files: a little-endian `UInt64` header length, a JSON header naming each
/// tensor's `dtype`, `shape` and `data_offsets` (plus an optional
/// `__metadata__` map of strings), then the tensors' bytes, row-major and
/// little-endian.
///
/// Files written here are byte-for-byte what Python's
/// `safetensors.numpy.save_file` writes for the same tensors and metadata
/// (tensors ordered by dtype, widest first, then by name; the header padded
/// with spaces to a multiple of 8 bytes), except that metadata entries are
/// written sorted by key, where Python's order varies from run to run.
///
/// ```swift
/// try SafeTensors.save(["w": w, "b": b], metadata: ["epoch": "3"], to: "model.safetensors")
/// let (tensors, metadata) = try SafeTensors.load(from: "model.safetensors")
/// ```
public enum SafeTensors {
    /// The largest header accepted, as in Python's safetensors (100 MB).
    public static let maximumHeaderSize = 100_000_000

    /// Writes `tensors` and `metadata` to `path` atomically: through a
    /// temporary file in the same directory, synced and then renamed, so an
    /// existing file is replaced only by a complete new one.
    ///
    /// Tensors are read one at a time while writing, so only one is on the
    /// host at once. A tensor that cannot be read (poisoned, traced) aborts
    /// the save and leaves any existing file at `path` untouched.
    ///
    /// - Parameters:
    ///   - tensors: the tensors by name; `__metadata__` is not a valid name.
    ///   - metadata: string pairs stored in the header's `__metadata__`;
    ///     `nil` writes no `__metadata__` entry (Python's `metadata=None`).
    ///   - path: the file to write.
    /// - Throws: ``CheckpointError/invalidKey(file:key:reason:)``,
    ///   ``CheckpointError/unreadableTensor(file:key:error:)`` or
    ///   ``CheckpointError/io(file:operation:reason:)``.
    public static func save(_ tensors: [String: Tensor], metadata: [String: String]? = nil,
                            to path: String) throws(CheckpointError) {
        let layout = try Layout(tensors: tensors, metadata: metadata, file: path)
        try CheckpointFiles.write(to: path) { emit throws(CheckpointError) in try layout.write(file: path, emit) }
    }

    /// The bytes of a safetensors file holding `tensors` and `metadata`;
    /// see ``save(_:metadata:to:)``.
    ///
    /// - Throws: ``CheckpointError/invalidKey(file:key:reason:)`` or
    ///   ``CheckpointError/unreadableTensor(file:key:error:)`` (with the
    ///   file name `<memory>`).
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String]? = nil) throws(CheckpointError) -> [UInt8] {
        let file = "<memory>"
        let layout = try Layout(tensors: tensors, metadata: metadata, file: file)
        var output: [UInt8] = []
        try layout.write(file: file) { (bytes: [UInt8]) throws(CheckpointError) in output.append(contentsOf: bytes) }
        return output
    }

    /// Reads every tensor and the metadata of a safetensors file. The
    /// tensors are host values, copied to a device when first used, and
    /// keep the file's dtypes exactly (64-bit ones included).
    ///
    /// - Returns: the tensors by name, and the `__metadata__` map (empty if absent).
    /// - Throws: ``CheckpointError`` naming `path` and what is wrong:
    ///   ``CheckpointError/io(file:operation:reason:)``,
    ///   ``CheckpointError/truncated(file:size:needed:)``,
    ///   ``CheckpointError/badHeader(file:reason:)``,
    ///   ``CheckpointError/unknownDType(file:key:dtype:)``,
    ///   ``CheckpointError/offsetsOutOfRange(file:key:begin:end:dataSize:)`` or
    ///   ``CheckpointError/byteCountMismatch(file:key:dtype:shape:expected:actual:)``.
    public static func load(from path: String) throws(CheckpointError) -> (tensors: [String: Tensor], metadata: [String: String]) {
        try decode(CheckpointFiles.read(path), file: path)
    }

    /// Reads the tensors and metadata from the bytes of a safetensors file;
    /// see ``load(from:)``. `file` names the source in errors.
    public static func decode(_ bytes: [UInt8], file: String = "<memory>") throws(CheckpointError)
        -> (tensors: [String: Tensor], metadata: [String: String]) {
        let (entries, metadata, dataStart) = try parseHeader(bytes, file: file)
        var tensors: [String: Tensor] = [:]
        for entry in entries {
            let range = (dataStart + entry.begin)..<(dataStart + entry.end)
            tensors[entry.key] = Tensor(bytes: Array(bytes[range]), dtype: entry.dtype, shape: entry.shape)
        }
        return (tensors, metadata)
    }

    // MARK: Header

    /// One tensor's header entry.
    struct Entry {
        let key: String
        let dtype: ElementType
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    /// Parses and validates the header: every entry's dtype, shape and
    /// offsets, and that the tensors tile the data section exactly.
    static func parseHeader(_ bytes: [UInt8], file: String) throws(CheckpointError)
        -> (entries: [Entry], metadata: [String: String], dataStart: Int) {
        guard bytes.count >= 8 else { throw .truncated(file: file, size: bytes.count, needed: 8) }
        let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(maximumHeaderSize) else {
            throw .badHeader(file: file, reason: "the header length \(length) is over the limit of \(maximumHeaderSize) bytes")
        }
        let dataStart = 8 + Int(length)
        guard bytes.count >= dataStart else { throw .truncated(file: file, size: bytes.count, needed: dataStart) }
        let json: JSON
        do {
            json = try JSONParser.parse(bytes, in: 8..<dataStart)
        } catch {
            throw .badHeader(file: file, reason: "invalid JSON: \(error.message)")
        }
        guard case let .object(members) = json else {
            throw .badHeader(file: file, reason: "the header is not a JSON object")
        }
        let dataSize = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (key, value) in members {
            if key == "__metadata__" {
                metadata = try parseMetadata(value, file: file)
                continue
            }
            entries.append(try parseEntry(key, value, dataSize: dataSize, file: file))
        }
        // The buffers must tile the data section: no gaps, no overlaps, nothing after the last one.
        var position = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard entry.begin == position else {
                let problem = entry.begin < position ? "overlaps the tensor before it" : "leaves a gap before it"
                throw .badHeader(file: file, reason: "tensor '\(entry.key)' at data_offsets [\(entry.begin), \(entry.end)] \(problem); tensors must tile the data section")
            }
            position = entry.end
        }
        guard position == dataSize else {
            throw .badHeader(file: file, reason: "the tensors cover \(position) bytes of a data section of \(dataSize)")
        }
        return (entries, metadata, dataStart)
    }

    private static func parseMetadata(_ value: JSON, file: String) throws(CheckpointError) -> [String: String] {
        if value == .null { return [:] }
        guard case let .object(pairs) = value else {
            throw .badHeader(file: file, reason: "__metadata__ is not an object of strings")
        }
        var metadata: [String: String] = [:]
        for (name, text) in pairs {
            guard case let .string(text) = text else {
                throw .badHeader(file: file, reason: "__metadata__ entry '\(name)' is not a string")
            }
            metadata[name] = text
        }
        return metadata
    }

    private static func parseEntry(_ key: String, _ value: JSON, dataSize: Int, file: String) throws(CheckpointError) -> Entry {
        guard case .object = value else { throw .badHeader(file: file, reason: "entry '\(key)' is not an object") }
        guard case let .string(dtypeName)? = value["dtype"] else {
            throw .badHeader(file: file, reason: "entry '\(key)' has no string dtype")
        }
        guard case let .array(dimensions)? = value["shape"] else {
            throw .badHeader(file: file, reason: "entry '\(key)' has no shape array")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard let size = dimension.nonNegativeInteger else {
                throw .badHeader(file: file, reason: "entry '\(key)' has a shape that is not a list of non-negative integers")
            }
            shape.append(size)
        }
        guard case let .array(offsets)? = value["data_offsets"], offsets.count == 2,
              let begin = offsets[0].nonNegativeInteger, let end = offsets[1].nonNegativeInteger else {
            throw .badHeader(file: file, reason: "entry '\(key)' needs data_offsets [begin, end] of non-negative integers")
        }
        guard let dtype = DTypeNames.elementType(safetensors: dtypeName) else {
            throw .unknownDType(file: file, key: key, dtype: dtypeName)
        }
        guard begin <= end, end <= dataSize else {
            throw .offsetsOutOfRange(file: file, key: key, begin: begin, end: end, dataSize: dataSize)
        }
        let expected = try ShapeCheck.byteCount(shape: shape, dtype: dtype, file: file, key: key)
        guard expected == end - begin else {
            throw .byteCountMismatch(file: file, key: key, dtype: dtypeName, shape: shape,
                                     expected: expected, actual: end - begin)
        }
        return Entry(key: key, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    // MARK: Writing

    /// The header and the order of the tensors in the data section.
    struct Layout {
        let header: [UInt8]
        let order: [(key: String, tensor: Tensor)]

        init(tensors: [String: Tensor], metadata: [String: String]?, file: String) throws(CheckpointError) {
            if tensors.keys.contains("__metadata__") {
                throw .invalidKey(file: file, key: "__metadata__", reason: "it is reserved for the metadata map")
            }
            // Python's order: dtypes from widest (U64) to narrowest (BOOL), then names bytewise.
            order = tensors.map { (key: $0.key, tensor: $0.value) }.sorted {
                let (left, right) = (DTypeNames.rank($0.tensor.dtype), DTypeNames.rank($1.tensor.dtype))
                if left != right { return left > right }
                return $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
            }
            var members: [(key: String, value: JSON)] = []
            if let metadata {
                let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                members.append(("__metadata__", .object(pairs.map { ($0.key, JSON.string($0.value)) })))
            }
            var offset = 0
            for (key, tensor) in order {
                let size = tensor.type.byteCount
                members.append((key, .object([
                    ("dtype", .string(DTypeNames.safetensors(tensor.dtype))),
                    ("shape", .array(tensor.shape.map(JSON.integer))),
                    ("data_offsets", .array([.integer(offset), .integer(offset + size)])),
                ])))
                offset += size
            }
            var text = Array(JSON.object(members).text.utf8)
            text.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - text.count % 8) % 8))
            var header = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(text.count) >> (8 * UInt64($0))) }
            header.append(contentsOf: text)
            self.header = header
        }

        /// Emits the header, then each tensor's bytes, read one at a time.
        func write(file: String, _ emit: ([UInt8]) throws(CheckpointError) -> Void) throws(CheckpointError) {
            try emit(header)
            for (key, tensor) in order {
                let bytes: [UInt8]
                do {
                    bytes = try tensor.bytes()
                } catch {
                    throw .unreadableTensor(file: file, key: key, error: TensorError.wrapping(error))
                }
                try emit(bytes)
            }
        }
    }
}

extension TensorError {
    /// `error` as a tensor error (reads throw only these, but the signature is untyped).
    static func wrapping(_ error: any Error) -> TensorError {
        (error as? TensorError) ?? .invalidTransformation(reason: "\(error)", location: nil)
    }
}
