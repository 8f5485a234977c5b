import XLATypes

/// How an array is laid out over a mesh (`jax.sharding.NamedSharding`):
/// each dimension split over the axes its ``PartitionSpec`` entry names,
/// replicated over the rest.
///
/// A device's shard of a dimension of size `n` split `k` ways has `n / k`
/// elements, rounded up: ``ShardedTensor`` pads an uneven dimension with
/// zeros to a multiple of `k`.
public struct NamedSharding: Sendable, Hashable, CustomStringConvertible {
    /// The devices and their axes.
    public let mesh: Mesh
    /// Which axes split which dimension.
    public let spec: PartitionSpec

    /// A sharding of `spec` over `mesh`.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   the spec names an axis the mesh does not have, or one axis twice.
    public init(_ mesh: Mesh, _ spec: PartitionSpec, file: String = #fileID, line: Int = #line) throws {
        let axes = spec.dimensions.flatMap(\.axes)
        if let unknown = axes.first(where: { mesh.axisSize($0) == nil }) {
            throw TensorError.invalidTransformation(
                reason: "NamedSharding: \(spec) names axis '\(unknown)', but the mesh's axes are \(mesh.axisNames)",
                location: location(file, line))
        }
        guard Set(axes).count == axes.count else {
            throw TensorError.invalidTransformation(reason: "NamedSharding: \(spec) uses an axis for two dimensions",
                                                    location: location(file, line))
        }
        self.mesh = mesh
        self.spec = spec
    }

    /// `NamedSharding(mesh: data=4, spec: PartitionSpec("data"))`.
    public var description: String {
        "NamedSharding(mesh: " + zip(mesh.axisNames, mesh.shape).map { "\($0)=\($1)" }.joined(separator: " × ")
            + ", spec: \(spec))"
    }

    /// The axes splitting dimension `dimension` (none past the spec's entries).
    func axes(ofDimension dimension: Int) -> [String] {
        dimension < spec.dimensions.count ? spec.dimensions[dimension].axes : []
    }

    /// How many ways dimension `dimension` is split.
    func ways(ofDimension dimension: Int) -> Int {
        axes(ofDimension: dimension).reduce(1) { $0 * (mesh.axisSize($1) ?? 1) }
    }

    /// Checks that an array of `rank` dimensions can take this sharding.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)``
    ///   when the spec has more entries than the array has dimensions.
    func check(rank: Int, what: String, location: String?) throws {
        guard spec.dimensions.count <= rank else {
            throw TensorError.invalidTransformation(
                reason: "\(what) has \(rank) dimension\(rank == 1 ? "" : "s") but its \(spec) has \(spec.dimensions.count) entries",
                location: location)
        }
    }

    /// `shape` padded up so that every split dimension divides evenly.
    func paddedShape(_ shape: [Int]) -> [Int] {
        shape.enumerated().map { dimension, size in
            let ways = ways(ofDimension: dimension)
            return (size + ways - 1) / ways * ways
        }
    }

    /// The shape of one device's shard of an array of (padded) `shape`.
    func shardShape(_ shape: [Int]) -> [Int] {
        paddedShape(shape).enumerated().map { $1 / ways(ofDimension: $0) }
    }

    /// Where the shard of the device at mesh `position` starts, per dimension.
    func shardOrigin(ofPosition position: Int, shape: [Int]) -> [Int] {
        let coordinates = mesh.coordinates(ofPosition: position)
        let shard = shardShape(shape)
        return shape.indices.map { dimension in
            var tile = 0
            for axis in axes(ofDimension: dimension) {
                guard let index = mesh.axisNames.firstIndex(of: axis) else { continue }   // checked in init
                tile = tile * mesh.shape[index] + coordinates[index]
            }
            return tile * shard[dimension]
        }
    }

    /// The Shardy sharding of an array of `rank` dimensions on the mesh
    /// called `meshName`: `#sdy.sharding<@mesh, [{"data"}, {}]>`.
    func shardyValue(rank: Int, meshName: String) -> String {
        "#sdy.sharding" + shardyList(rank: rank, meshName: meshName)
    }

    /// ``shardyValue(rank:meshName:)`` as the lists of
    /// `sdy.manual_computation` write it: `<@mesh, [{"data"}, {}]>`.
    func shardyList(rank: Int, meshName: String) -> String {
        let dimensions = (0..<rank).map { dimension in
            "{" + axes(ofDimension: dimension).map { "\"\($0)\"" }.joined(separator: ", ") + "}"
        }
        return "<@\(meshName), [\(dimensions.joined(separator: ", "))]>"
    }

    /// The global type of an array whose every device holds a shard of type `shard`.
    func globalType(ofShard shard: TensorType) -> TensorType {
        TensorType(shard.elementType, shard.shape.enumerated().map { $1 * ways(ofDimension: $0) })
    }

    /// ``shardyValue(rank:meshName:)`` as an argument or result attribute.
    func shardyAttribute(rank: Int, meshName: String) -> String {
        "sdy.sharding = " + shardyValue(rank: rank, meshName: meshName)
    }
}
