import XLATensor

/// Reading NumPy's `.npy` and `.npz` files, and writing `.npz`, so
/// parameters move between Python Haiku and Swift.
///
/// In Python, save Haiku parameters under their `module/name` keys:
///
/// ```python
/// np.savez("params.npz", **{f"{m}/{n}": v for m, d in params.items() for n, v in d.items()})
/// ```
///
/// and load them in Swift, checked against the model's own parameters:
///
/// ```swift
/// let template = try f.initialize(rng: PRNGKey(0), x)
/// let params = try NumPy.loadParams(from: "params.npz", matching: template)
/// ```
///
/// Arrays must be little- or big-endian numbers or booleans in C order
/// (Fortran order is refused with a clear error). Both `np.savez` (stored)
/// and `np.savez_compressed` (deflate) archives are read.
public enum NumPy {
    /// Reads every array of an `.npz` archive, keyed by its name in
    /// `np.savez` (the entry name without `.npy`). Arrays keep their dtype
    /// exactly, 64-bit types included.
    ///
    /// - Throws: ``CheckpointError`` naming `path`:
    ///   ``CheckpointError/io(file:operation:reason:)``,
    ///   ``CheckpointError/corrupted(file:reason:)`` (not a zip, bad CRC,
    ///   bad deflate data), ``CheckpointError/truncated(file:size:needed:)``,
    ///   ``CheckpointError/badHeader(file:reason:)``,
    ///   ``CheckpointError/unknownDType(file:key:dtype:)`` or
    ///   ``CheckpointError/unsupported(file:feature:)`` (Fortran order,
    ///   structured dtypes, other compression methods).
    public static func loadNPZ(from path: String) throws(CheckpointError) -> [String: Tensor] {
        try decodeNPZ(CheckpointFiles.read(path), file: path)
    }

    /// Reads the arrays of `.npz` bytes; see ``loadNPZ(from:)``. `file`
    /// names the source in errors.
    public static func decodeNPZ(_ bytes: [UInt8], file: String = "<memory>") throws(CheckpointError) -> [String: Tensor] {
        let archive = try ZipArchive(bytes, file: file)
        var arrays: [String: Tensor] = [:]
        for entry in archive.entries where !entry.name.hasSuffix("/") {
            let key = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            guard arrays[key] == nil else { throw .badHeader(file: file, reason: "the archive holds '\(key)' twice") }
            arrays[key] = try NPYFormat.decode(archive.data(of: entry), file: file, key: key)
        }
        return arrays
    }

    /// Reads one `.npy` file (`np.save`).
    ///
    /// - Throws: as ``loadNPZ(from:)``.
    public static func loadNPY(from path: String) throws(CheckpointError) -> Tensor {
        try NPYFormat.decode(CheckpointFiles.read(path), file: path, key: path)
    }

    /// Reads Haiku parameters from an `.npz` archive whose keys are
    /// `module/name` (`mlp/~/linear_0/w`): each key is split at its last
    /// `/` into the module name and the parameter name.
    ///
    /// - Throws: the errors of ``loadNPZ(from:)``, and
    ///   ``CheckpointError/invalidKey(file:key:reason:)`` for a key with no `/`.
    public static func loadParams(from path: String) throws(CheckpointError) -> SortedDictionary<String, SortedDictionary<String, Tensor>> {
        try params(from: loadNPZ(from: path), file: path)
    }

    /// Reads Haiku parameters from an `.npz` archive and checks them against
    /// a template (such as the model's freshly initialized parameters):
    /// every template parameter must be present with the same dtype and
    /// shape, and the archive must hold nothing else.
    ///
    /// - Throws: the errors of ``loadParams(from:)``, and
    ///   ``CheckpointError/missingKey(file:key:)``,
    ///   ``CheckpointError/unexpectedKey(file:key:)`` or
    ///   ``CheckpointError/typeMismatch(file:key:expected:found:)`` naming the
    ///   first difference in sorted key order.
    public static func loadParams(from path: String, matching template: SortedDictionary<String, SortedDictionary<String, Tensor>>)
        throws(CheckpointError) -> SortedDictionary<String, SortedDictionary<String, Tensor>> {
        let params = try loadParams(from: path)
        try TemplateCheck.check(params, against: template, prefix: nil, file: path)
        return params
    }

    /// Groups flat `module/name` arrays into Haiku's two-level parameters.
    static func params(from arrays: [String: Tensor], file: String) throws(CheckpointError) -> SortedDictionary<String, SortedDictionary<String, Tensor>> {
        var params: SortedDictionary<String, SortedDictionary<String, Tensor>> = [:]
        for (key, tensor) in arrays {
            guard let slash = key.lastIndex(of: "/"), slash != key.startIndex, key.index(after: slash) != key.endIndex else {
                throw .invalidKey(file: file, key: key, reason: "Haiku parameter keys are '<module>/<name>', such as 'mlp/~/linear_0/w'")
            }
            params[String(key[..<slash]), default: [:]][String(key[key.index(after: slash)...])] = tensor
        }
        return params
    }

    /// Writes arrays to an `.npz` archive that `np.load` reads, atomically
    /// (temporary file, sync, rename): stored as `np.savez` does, or
    /// deflated as `np.savez_compressed` does when `compressed` is true.
    ///
    /// - Throws: ``CheckpointError/unsupported(file:feature:)`` for a
    ///   bfloat16 array (NumPy has no such dtype) or one over 4 GiB;
    ///   ``CheckpointError/unreadableTensor(file:key:error:)``;
    ///   ``CheckpointError/io(file:operation:reason:)``.
    public static func saveNPZ(_ arrays: [String: Tensor], to path: String, compressed: Bool = false) throws(CheckpointError) {
        try CheckpointFiles.write(to: path) { emit throws(CheckpointError) in
            try writeNPZ(arrays, file: path, compressed: compressed, emit)
        }
    }

    /// Emits the zip archive of ``saveNPZ(_:to:compressed:)``: each array's
    /// local header and data, then the central directory and its end.
    private static func writeNPZ(_ arrays: [String: Tensor], file path: String, compressed: Bool,
                                 _ emit: ([UInt8]) throws(CheckpointError) -> Void) throws(CheckpointError) {
        var directory: [UInt8] = []
        var offset = 0
        for key in arrays.keys.sorted() {
            let tensor = arrays[key]!
            guard let descr = DTypeNames.numpy(tensor.dtype) else {
                throw .unsupported(file: path, feature: "\(tensor.dtype) array '\(key)' (NumPy has no bfloat16; convert it to float32 first)")
            }
            let data: [UInt8]
            do { data = try tensor.bytes() } catch { throw .unreadableTensor(file: path, key: key, error: .wrapping(error)) }
            let payload = NPYFormat.encode(descr: descr, shape: tensor.shape, data: data)
            let name = Array((key + ".npy").utf8)
            guard payload.count < 0xFFFF_FFFF, offset < 0xFFFF_FFFF, name.count <= 0xFFFF else {
                throw .unsupported(file: path, feature: "array '\(key)' needs a zip64 archive")
            }
            let crc = Deflate.checksum(payload)
            let deflated = compressed ? Deflate.compress(payload) : nil
            let stored = deflated ?? payload
            var local: [UInt8] = []
            local.appendLittleEndian(0x0403_4B50, 4)
            local.appendLittleEndian(20, 2)  // version needed: 2.0
            local.appendLittleEndian(0, 2)  // flags
            local.appendLittleEndian(deflated == nil ? 0 : 8, 2)  // stored or deflated
            local.appendLittleEndian(0, 2)  // time
            local.appendLittleEndian(0x21, 2)  // date: 1980-01-01
            local.appendLittleEndian(UInt64(crc), 4)
            local.appendLittleEndian(UInt64(stored.count), 4)
            local.appendLittleEndian(UInt64(payload.count), 4)
            local.appendLittleEndian(UInt64(name.count), 2)
            local.appendLittleEndian(0, 2)
            local.append(contentsOf: name)
            // The central entry repeats the local header's fields (from "version needed" on) and adds its own.
            directory.appendLittleEndian(0x0201_4B50, 4)
            directory.appendLittleEndian(20, 2)  // version made by
            directory.append(contentsOf: local[4..<30])
            directory.appendLittleEndian(0, 2)  // comment length
            directory.appendLittleEndian(0, 2)  // disk
            directory.appendLittleEndian(0, 2)  // internal attributes
            directory.appendLittleEndian(0, 4)  // external attributes
            directory.appendLittleEndian(UInt64(offset), 4)
            directory.append(contentsOf: name)
            try emit(local)
            try emit(stored)
            offset += local.count + stored.count
        }
        guard arrays.count < 0xFFFF, offset < 0xFFFF_FFFF else {
            throw .unsupported(file: path, feature: "an archive this large needs zip64")
        }
        var end: [UInt8] = []
        end.appendLittleEndian(0x0605_4B50, 4)
        end.appendLittleEndian(0, 2)
        end.appendLittleEndian(0, 2)
        end.appendLittleEndian(UInt64(arrays.count), 2)
        end.appendLittleEndian(UInt64(arrays.count), 2)
        end.appendLittleEndian(UInt64(directory.count), 4)
        end.appendLittleEndian(UInt64(offset), 4)
        end.appendLittleEndian(0, 2)
        try emit(directory)
        try emit(end)
    }

    /// Writes Haiku parameters to an `.npz` archive under `module/name`
    /// keys, which Python turns back into Haiku's parameters with
    /// `{k.rsplit("/", 1)[0]: ...}`; see ``saveNPZ(_:to:compressed:)``.
    ///
    /// - Throws: as ``saveNPZ(_:to:compressed:)``, and
    ///   ``CheckpointError/invalidKey(file:key:reason:)`` for a parameter
    ///   name containing `/`.
    public static func saveParams(_ params: SortedDictionary<String, SortedDictionary<String, Tensor>>, to path: String, compressed: Bool = false) throws(CheckpointError) {
        var arrays: [String: Tensor] = [:]
        for (module, values) in params {
            for (name, value) in values {
                guard !module.isEmpty, !name.isEmpty, !name.contains("/") else {
                    throw .invalidKey(file: path, key: "\(module)/\(name)", reason: "module and parameter names must be non-empty and a parameter name cannot contain '/'")
                }
                arrays["\(module)/\(name)"] = value
            }
        }
        try saveNPZ(arrays, to: path, compressed: compressed)
    }
}

extension [UInt8] {
    /// Appends the low `width` bytes of `value`, least significant first.
    mutating func appendLittleEndian(_ value: UInt64, _ width: Int) {
        for byte in 0..<width { append(UInt8(truncatingIfNeeded: value >> UInt64(8 * byte))) }
    }
}

/// Checks loaded parameters against a template's keys, dtypes and shapes.
enum TemplateCheck {
    /// The flat keys (`prefix/module/name`, or `module/name` without a
    /// prefix) and types of a two-level tree.
    static func types(_ tree: SortedDictionary<String, SortedDictionary<String, Tensor>>, prefix: String?) -> [String: TensorType] {
        var types: [String: TensorType] = [:]
        for (module, values) in tree {
            for (name, value) in values { types[(prefix.map { $0 + "/" } ?? "") + "\(module)/\(name)"] = value.type }
        }
        return types
    }

    static func check(_ found: SortedDictionary<String, SortedDictionary<String, Tensor>>, against expected: SortedDictionary<String, SortedDictionary<String, Tensor>>,
                      prefix: String?, file: String) throws(CheckpointError) {
        try check(found: types(found, prefix: prefix), expected: types(expected, prefix: prefix), file: file)
    }

    /// Throws for the first missing, mistyped or unexpected key, in sorted order.
    static func check(found: [String: TensorType], expected: [String: TensorType], file: String) throws(CheckpointError) {
        for key in expected.keys.sorted() {
            guard let type = found[key] else { throw .missingKey(file: file, key: key) }
            if let wanted = expected[key], type != wanted { throw .typeMismatch(file: file, key: key, expected: wanted, found: type) }
        }
        if let extra = found.keys.sorted().first(where: { expected[$0] == nil }) {
            throw .unexpectedKey(file: file, key: extra)
        }
    }
}
