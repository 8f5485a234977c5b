import Testing
import XLATensor

/// `ShardedTensor`'s placement and gathering over a 2 × 2 mesh: tiles of
/// both dimensions, padding in both, replication over an unnamed axis,
/// scalars and empty arrays; and tensors a sharded function captures.
@Suite struct ShardedTensorLayoutTests {
    static let mesh = Result { try Mesh(cpuAxes: [("data", 2), ("model", 2)]) }

    @Test func unevenTilesOfBothDimensionsArePaddedAndGatheredExactly() throws {
        let mesh = try Self.mesh.get()
        let x = Tensor((0..<35).map { Int32($0) }, shape: [5, 7])
        let placed = try ShardedTensor(x, sharding: NamedSharding(mesh, PartitionSpec("data", "model")))
        #expect(placed.paddedShape == [6, 8])
        #expect(placed.shards.map(\.shape) == Array(repeating: [3, 4], count: 4))
        // Device (1, 1) holds rows 3..<6 and columns 4..<8 of the padded array.
        #expect(try placed.shards[3].toArray(as: Int32.self) == [25, 26, 27, 0, 32, 33, 34, 0, 0, 0, 0, 0])
        #expect(try placed.gathered().scalars(as: Int32.self) == x.scalars(as: Int32.self))
    }

    @Test func anAxisTheSpecDoesNotNameReplicates() throws {
        let mesh = try Self.mesh.get()
        let x = Tensor((0..<8).map { Float($0) }, shape: [4, 2])
        let placed = try ShardedTensor(x, sharding: NamedSharding(mesh, PartitionSpec(nil, "model")))
        #expect(try placed.shards[0].toArray(as: Float.self) == [0, 2, 4, 6])
        #expect(try placed.shards[2].toArray(as: Float.self) == [0, 2, 4, 6], "device (1, 0) holds the same column as (0, 0)")
        #expect(try placed.shards[3].toArray(as: Float.self) == [1, 3, 5, 7])
        #expect(try placed.gathered().scalars(as: Float.self) == x.scalars(as: Float.self))
    }

    @Test func scalarsAndEmptyArraysRoundTrip() throws {
        let mesh = try Self.mesh.get()
        let scalar = try ShardedTensor(Tensor(Float(2.5)), sharding: NamedSharding(mesh, PartitionSpec()))
        #expect(scalar.shards.allSatisfy { $0.shape == [] })
        #expect(try scalar.gathered().item(as: Float.self) == 2.5)
        let empty = try ShardedTensor(Tensor([Float](), shape: [0, 3]), sharding: NamedSharding(mesh, PartitionSpec("data")))
        #expect(empty.shards.map(\.shape) == Array(repeating: [0, 3], count: 4))
        #expect(try empty.gathered().shape == [0, 3])
    }

    @Test func aTensorTheFunctionCapturesIsReplicated() throws {
        let mesh = try Self.mesh.get()
        let bias = Tensor([1.0, 2]) * 10                      // computed eagerly: a device buffer
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil))
        let f = jit(inShardings: [rows], outShardings: [rows]) { xs in [xs[0] + bias] }
        let text = try f.lower([TensorType(.float32, [4, 2])])
        #expect(text.contains("tensor<2xf32> {sdy.sharding = #sdy.sharding<@mesh, [{}]>}"), "the bias is a replicated parameter")
        let x = Tensor((0..<8).map { Float($0) }, shape: [4, 2])
        #expect(try f([x])[0].scalars(as: Float.self) == [10, 21, 12, 23, 14, 25, 16, 27])
    }
}
