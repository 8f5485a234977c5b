import XLATensor

/// Everything needed to resume training: parameters, state, optimizer
/// state, the step and the random key, saved as one safetensors file.
///
/// The file's keys are `params/<module>/<name>` and `state/<module>/<name>`
/// (the module name may itself contain `/`, as in `mlp/~/linear_0`; the
/// name after the last `/` is the parameter's), `opt/0000`, `opt/0001`, ...
/// for the optimizer state's leaves in order, and `rng` for the key's
/// `uint32` data. The header's metadata holds `step`, the format and the
/// library version, and any entries of ``metadata``. Python reads it with
/// `safetensors.numpy.load_file`.
///
/// ```swift
/// let checkpoint = Checkpoint(params: params, state: state, optimizerState: optState.leaves,
///                             step: step, rng: rng)
/// try checkpoint.save(to: "run/step-1000.safetensors")
/// // Later, checking the file against freshly initialized parameters and optimizer state:
/// let resumed = try Checkpoint.load(from: "run/step-1000.safetensors", matching: freshParams,
///                                   optimizerState: freshOptState.leaves)
/// let optState = try freshOptState.unflatten(resumed.optimizerState)
/// ```
public struct Checkpoint: Sendable {
    /// Parameters: module name → parameter name → value (Haiku's `Params`).
    public var params: SortedDictionary<String, SortedDictionary<String, Tensor>>
    /// Module state (Haiku's `State`), in the same layout as ``params``.
    public var state: SortedDictionary<String, SortedDictionary<String, Tensor>>
    /// The leaves of the optimizer state tree, in the tree's order
    /// (`optState.leaves`; rebuild with `freshOptState.unflatten(_:)`).
    public var optimizerState: [Tensor]
    /// The training step the checkpoint was taken at.
    public var step: Int
    /// The random key to continue from, if training uses one.
    public var rng: PRNGKey?
    /// Extra string metadata stored in the file's header (for example a
    /// model name or hyperparameters). The keys ``reservedMetadataKeys``
    /// belong to the checkpoint itself.
    public var metadata: [String: String]

    /// The library version written into every checkpoint's metadata.
    public static let libraryVersion = "0.1.0"
    /// The value of the `format` metadata entry.
    public static let format = "haiku-swift.checkpoint"
    /// Metadata keys the checkpoint writes itself: `format`,
    /// `format_version`, `library_version` and `step`.
    public static let reservedMetadataKeys: Set<String> = ["format", "format_version", "library_version", "step"]

    /// Creates a checkpoint.
    ///
    /// - Parameters:
    ///   - params: the parameters (Haiku's `Params`).
    ///   - state: the module state (Haiku's `State`); empty by default.
    ///   - optimizerState: the optimizer state's leaves in order; empty by default.
    ///   - step: the training step; 0 by default.
    ///   - rng: the random key to resume with; none by default.
    ///   - metadata: extra string metadata; empty by default.
    public init(params: SortedDictionary<String, SortedDictionary<String, Tensor>>, state: SortedDictionary<String, SortedDictionary<String, Tensor>> = [:],
                optimizerState: [Tensor] = [], step: Int = 0, rng: PRNGKey? = nil, metadata: [String: String] = [:]) {
        self.params = params
        self.state = state
        self.optimizerState = optimizerState
        self.step = step
        self.rng = rng
        self.metadata = metadata
    }

    // MARK: Saving

    /// Writes the checkpoint to `path` atomically: the file is written under
    /// a temporary name in the same directory, synced to disk and renamed
    /// over `path`. If anything fails (a tensor that cannot be read, a full
    /// disk), an existing file at `path` is left as it was and the
    /// temporary file is removed.
    ///
    /// - Throws: ``CheckpointError/invalidKey(file:key:reason:)`` for a
    ///   parameter name containing `/`, an empty name or a reserved metadata
    ///   key; ``CheckpointError/invalidValue(file:key:reason:)`` for a
    ///   random key that is not `uint32`; ``CheckpointError/unreadableTensor(file:key:error:)``;
    ///   ``CheckpointError/io(file:operation:reason:)``.
    public func save(to path: String) throws(CheckpointError) {
        let (tensors, metadata) = try flattened(file: path)
        try SafeTensors.save(tensors, metadata: metadata, to: path)
    }

    /// The checkpoint as flat safetensors keys and metadata, as
    /// ``save(to:)`` writes them. `file` names the destination in errors.
    public func flattened(file: String = "<memory>") throws(CheckpointError)
        -> (tensors: [String: Tensor], metadata: [String: String]) {
        var tensors: [String: Tensor] = [:]
        try Self.flatten(params, prefix: "params", into: &tensors, file: file)
        try Self.flatten(state, prefix: "state", into: &tensors, file: file)
        for (index, leaf) in optimizerState.enumerated() { tensors[Self.optimizerKey(index)] = leaf }
        if let rng {
            guard rng.data.dtype == .uint32, rng.data.shape.last == 2 else {
                throw .invalidValue(file: file, key: "rng", reason: "a random key must be uint32 with a last dimension of 2, not \(CheckpointError.spell(rng.data.type))")
            }
            tensors["rng"] = rng.data
        }
        for key in metadata.keys where Self.reservedMetadataKeys.contains(key) {
            throw .invalidKey(file: file, key: key, reason: "this metadata key is written by the checkpoint itself")
        }
        var header = metadata
        header["format"] = Self.format
        header["format_version"] = "1"
        header["library_version"] = Self.libraryVersion
        header["step"] = String(step)
        return (tensors, header)
    }

    /// The key of the optimizer state's leaf at `index`: `opt/0000`, `opt/0001`, ...
    public static func optimizerKey(_ index: Int) -> String {
        let digits = String(index)
        return "opt/" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func flatten(_ tree: SortedDictionary<String, SortedDictionary<String, Tensor>>, prefix: String,
                                into tensors: inout [String: Tensor], file: String) throws(CheckpointError) {
        for (module, values) in tree {
            for (name, value) in values {
                let key = "\(prefix)/\(module)/\(name)"
                guard !module.isEmpty, !name.isEmpty, !name.contains("/") else {
                    throw .invalidKey(file: file, key: key, reason: "module and parameter names must be non-empty and a parameter name cannot contain '/'")
                }
                tensors[key] = value
            }
        }
    }

    // MARK: Loading

    /// Reads a checkpoint written by ``save(to:)`` (or any safetensors file
    /// with the same keys; a file without `step` metadata gives step 0).
    ///
    /// - Throws: the errors of ``SafeTensors/load(from:)``;
    ///   ``CheckpointError/invalidKey(file:key:reason:)`` for a key outside
    ///   the layout; ``CheckpointError/missingKey(file:key:)`` for a gap in
    ///   the `opt/` indices; ``CheckpointError/invalidValue(file:key:reason:)``
    ///   for a `step` that is not an integer or a malformed `rng`.
    public static func load(from path: String) throws(CheckpointError) -> Checkpoint {
        let (tensors, metadata) = try SafeTensors.load(from: path)
        return try Checkpoint(tensors: tensors, metadata: metadata, file: path)
    }

    /// Reads a checkpoint and checks it against a template, such as freshly
    /// initialized parameters: every template tensor must be in the file
    /// with the same dtype and shape, and the file must hold nothing the
    /// template lacks. `state` and `optimizerState` are checked when given.
    ///
    /// - Throws: the errors of ``load(from:)``; ``CheckpointError/missingKey(file:key:)``,
    ///   ``CheckpointError/unexpectedKey(file:key:)`` or
    ///   ``CheckpointError/typeMismatch(file:key:expected:found:)`` naming the
    ///   first difference (in sorted key order).
    public static func load(from path: String, matching params: SortedDictionary<String, SortedDictionary<String, Tensor>>,
                            state: SortedDictionary<String, SortedDictionary<String, Tensor>>? = nil,
                            optimizerState: [Tensor]? = nil) throws(CheckpointError) -> Checkpoint {
        let checkpoint = try load(from: path)
        try TemplateCheck.check(checkpoint.params, against: params, prefix: "params", file: path)
        if let state { try TemplateCheck.check(checkpoint.state, against: state, prefix: "state", file: path) }
        if let optimizerState {
            let expected = Dictionary(uniqueKeysWithValues: optimizerState.enumerated().map { (optimizerKey($0.offset), $0.element.type) })
            let found = Dictionary(uniqueKeysWithValues: checkpoint.optimizerState.enumerated().map { (optimizerKey($0.offset), $0.element.type) })
            try TemplateCheck.check(found: found, expected: expected, file: path)
        }
        return checkpoint
    }

    /// Rebuilds a checkpoint from flat safetensors keys and metadata, as
    /// ``flattened(file:)`` makes them. `file` names the source in errors.
    ///
    /// - Throws: see ``load(from:)``.
    public init(tensors: [String: Tensor], metadata: [String: String], file: String = "<memory>") throws(CheckpointError) {
        var params: SortedDictionary<String, SortedDictionary<String, Tensor>> = [:]
        var state: SortedDictionary<String, SortedDictionary<String, Tensor>> = [:]
        var leaves: [Int: Tensor] = [:]
        var rng: PRNGKey?
        for (key, tensor) in tensors {
            if key == "rng" {
                guard tensor.dtype == .uint32, tensor.shape.last == 2 else {
                    throw .invalidValue(file: file, key: key, reason: "a random key must be uint32 with a last dimension of 2, not \(CheckpointError.spell(tensor.type))")
                }
                rng = PRNGKey(data: tensor)
            } else if key.hasPrefix("opt/") {
                let digits = key.dropFirst(4)
                guard let index = Int(digits), index >= 0, Self.optimizerKey(index) == key else {
                    throw .invalidKey(file: file, key: key, reason: "optimizer state keys are opt/ and a zero-padded index, such as opt/0007")
                }
                leaves[index] = tensor
            } else if let (prefix, module, name) = Self.split(key), prefix == "params" || prefix == "state" {
                if prefix == "params" { params[module, default: [:]][name] = tensor } else { state[module, default: [:]][name] = tensor }
            } else {
                throw .invalidKey(file: file, key: key, reason: "checkpoint keys are params/<module>/<name>, state/<module>/<name>, opt/<index> or rng")
            }
        }
        var optimizerState: [Tensor] = []
        for index in 0..<leaves.count {
            guard let leaf = leaves[index] else { throw .missingKey(file: file, key: Self.optimizerKey(index)) }
            optimizerState.append(leaf)
        }
        var step = 0
        if let text = metadata["step"] {
            guard let value = Int(text) else {
                throw .invalidValue(file: file, key: "step", reason: "the step metadata '\(text)' is not an integer")
            }
            step = value
        }
        let extra = metadata.filter { !Self.reservedMetadataKeys.contains($0.key) }
        self.init(params: params, state: state, optimizerState: optimizerState, step: step, rng: rng, metadata: extra)
    }

    /// `prefix/module/name`, split at the first and the last `/`.
    static func split(_ key: String) -> (prefix: String, module: String, name: String)? {
        guard let first = key.firstIndex(of: "/"), let last = key.lastIndex(of: "/"), first < last else { return nil }
        let module = key[key.index(after: first)..<last]
        let name = key[key.index(after: last)...]
        guard !module.isEmpty, !name.isEmpty else { return nil }
        return (String(key[..<first]), String(module), String(name))
    }
}
