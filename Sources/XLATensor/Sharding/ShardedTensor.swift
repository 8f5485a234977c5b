import XLARuntime
import XLATypes

/// An array laid out over a mesh's devices (JAX's sharded `jax.Array`):
/// its global type, its ``NamedSharding``, and one buffer per mesh device
/// holding that device's shard.
///
/// A dimension that does not split evenly is padded with zeros up to a
/// multiple of its ways (JAX refuses such shardings): the shards, and what a
/// sharded function sees, have the padded shape ``paddedShape``, and
/// ``gathered()`` drops the padding again. Padding takes part in what the
/// function computes (a sum over a padded batch includes the zero rows).
///
/// ```swift
/// let mesh = try Mesh(cpuAxes: [("data", 4)])
/// let x = try ShardedTensor(Tensor([Float](repeating: 1, count: 12), shape: [6, 2]),
///                           sharding: NamedSharding(mesh, PartitionSpec("data")))
/// x.shards[3].shape    // [2, 2]: rows 6 and 7, padding
/// try x.gathered()     // the 6 × 2 tensor again
/// ```
public struct ShardedTensor: Sendable {
    /// The global type, without padding.
    public let type: TensorType
    /// How the array is laid out.
    public let sharding: NamedSharding
    /// One shard per device of the mesh, in the order of ``Mesh/devices``.
    public let shards: [Buffer]

    /// Places `tensor` on the mesh: cuts it into shards (padding uneven
    /// dimensions) and copies each to its device.
    ///
    /// - Throws: the tensor's own error; ``TensorError/invalidTransformation(reason:location:)``
    ///   when the spec has more entries than the tensor has dimensions; a
    ///   ``TensorError/runtime(_:)`` error when a copy fails.
    public init(_ tensor: Tensor, sharding: NamedSharding, file: String = #fileID, line: Int = #line) throws {
        try sharding.check(rank: tensor.rank, what: "a tensor of shape \(tensor.shape)", location: location(file, line))
        let bytes = try tensor.bytes(file: file, line: line)
        let shardShape = sharding.shardShape(tensor.shape)
        let client = sharding.mesh.client
        shards = try sharding.mesh.devices.indices.map { position in
            let tile = TileCopy(shape: tensor.shape, shardShape: shardShape,
                                origin: sharding.shardOrigin(ofPosition: position, shape: tensor.shape),
                                elementSize: tensor.dtype.byteCount)
            let shard = tile.shard(of: bytes)
            do {
                return try shard.withUnsafeBytes { try client.buffer(bytes: $0, type: TensorType(tensor.dtype, shardShape),
                                                                     on: sharding.mesh.devices[position]) }
            } catch { throw TensorError(error) }
        }
        type = tensor.type
        self.sharding = sharding
    }

    /// An array from shards already on the mesh's devices.
    init(type: TensorType, sharding: NamedSharding, shards: [Buffer]) {
        self.type = type
        self.sharding = sharding
        self.shards = shards
    }

    /// The global shape, without padding.
    public var shape: [Int] { type.shape }

    /// The global shape with uneven dimensions padded: what a sharded
    /// function sees.
    public var paddedShape: [Int] { sharding.paddedShape(type.shape) }

    /// The whole array on the host, padding dropped.
    ///
    /// - Throws: a ``TensorError/runtime(_:)`` error when a shard cannot be read.
    public func gathered() throws -> Tensor {
        let elementSize = type.elementType.byteCount
        var bytes = [UInt8](repeating: 0, count: type.byteCount)
        let shardShape = sharding.shardShape(type.shape)
        var copied: Set<[Int]> = []
        for (position, shard) in shards.enumerated() {
            let origin = sharding.shardOrigin(ofPosition: position, shape: type.shape)
            guard copied.insert(origin).inserted else { continue }   // a replica of a tile already copied
            let shardBytes: [UInt8]
            do { shardBytes = try shard.toBytes() } catch { throw TensorError(error) }
            TileCopy(shape: type.shape, shardShape: shardShape, origin: origin, elementSize: elementSize)
                .gather(shardBytes, into: &bytes)
        }
        return Tensor(bytes: bytes, dtype: type.elementType, shape: type.shape)
    }
}
