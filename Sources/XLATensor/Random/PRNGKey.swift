import XLAIR

/// A key for JAX's threefry2x32 random number generator: a `uint32` tensor
/// of shape `[..., 2]` (JAX's legacy `jax.random.PRNGKey` arrays).
///
/// Keys are values: the same key always gives the same numbers. Make new
/// keys with ``split(_:_:file:line:)`` or ``foldIn(_:_:file:line:)``, never
/// reuse one key for two purposes.
///
/// ```swift
/// let key = PRNGKey(42)
/// let keys = split(key, 2)
/// let x = normal(keys[1], [2, 3])
/// ```
///
/// A key is a ``TensorTree``, so it passes through `jit` and control flow.
public struct PRNGKey: TensorTree, @unchecked Sendable {
    /// The key's bits: `uint32` of shape ``batchShape`` + `[2]`.
    public let data: Tensor

    /// A key made from an integer seed, as `jax.random.PRNGKey(seed)`.
    ///
    /// With 64-bit types off (``Configuration/x64``, JAX's default) the seed
    /// is first wrapped to 32 bits, giving `[0, seed mod 2³²]`, so `-1`
    /// gives `[0, 4294967295]`; with them on, a 64-bit seed gives its high
    /// and low 32-bit halves.
    public init(_ seed: Int) {
        self.init(seed: seed)
    }

    /// A key made from an integer seed; see ``init(_:)``.
    public init(seed: Int) {
        let bits = UInt64(bitPattern: Int64(seed))
        let high = Configuration.x64 ? UInt32(truncatingIfNeeded: bits >> 32) : 0
        data = Tensor([high, UInt32(truncatingIfNeeded: bits)], dtype: .uint32)
    }

    /// Wraps existing key bits (JAX's `wrap_key_data`): a `uint32` tensor
    /// whose last dimension is 2. Other tensors give a poisoned key whose
    /// error (a ``TensorError`` naming `PRNGKey`, the data's type and this
    /// call) every use of the key reports.
    public init(data: Tensor, file: String = #fileID, line: Int = #line) {
        guard let problem = Self.problem(with: data.type) else {
            self.data = data
            return
        }
        self.data = Tensor.invalid("PRNGKey", [data], problem, location: location(file, line),
                                   result: TensorType(.uint32, [2]))
    }

    /// Why `type` cannot hold key data, or nil when it can.
    private static func problem(with type: TensorType) -> String? {
        if type.elementType != .uint32 { return "key data must be uint32, got \(type.elementType)" }
        if type.shape.isEmpty { return "key data must have at least one dimension (a key is uint32[2]), got a scalar" }
        if type.shape.last != 2 { return "the key data's shape must end with 2 (a key is uint32[2]), got \(type.shape)" }
        return nil
    }

    init(unchecked data: Tensor) { self.data = data }

    /// The error this key carries when an earlier mistake poisoned it (data
    /// ``init(data:file:line:)`` rejected, a failed operation); nil otherwise.
    public var poisoningError: TensorError? { data.error }

    /// The shape of the batch of keys: `[]` for one key, `[3]` for the
    /// result of `split(key, shape: [3])`.
    public var batchShape: [Int] { Array(data.shape.dropLast()) }

    /// Key `index` of a batch of keys.
    public subscript(_ index: Int) -> PRNGKey { PRNGKey(unchecked: data[TensorIndex.at(index)]) }

    /// The same structure with the key data mapped.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> PRNGKey {
        PRNGKey(unchecked: try transform(data))
    }

    /// `key;`.
    public func appendStructure(to key: inout String) { key += "key;" }
}

extension PRNGKey: CustomStringConvertible {
    /// The key's bits, as JAX prints a legacy key array.
    public var description: String { data.description }
}

extension PRNGKey {
    /// The two 32-bit halves of a single key, or an error naming `function`
    /// when this is a batch of keys or not a key.
    func halves(for function: String, location: String?) -> Result<(Tensor, Tensor), TensorError> {
        if let error = data.error { return .failure(error) }
        guard data.dtype == .uint32, data.shape == [2] else {
            let poisoned = Tensor.invalid(function, [data], "\(function) takes a single key (uint32[2]); got a key array " +
                                          "\(data.type); split keys and pass them one at a time", location: location,
                                          result: TensorType(.uint32, [2]))
            return .failure(poisoned.error!)
        }
        return .success((data[0], data[1]))
    }
}
