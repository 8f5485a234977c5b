import Foundation
import Testing
import XLARuntime
import XLATensor

/// `donating:` of a sharded `jit` and of `shardMap`: the state a step
/// returns in its own layout replaces the state passed in, whose buffers
/// the program consumes on every device (how a data-parallel trainer keeps
/// its state on the devices between steps).
@Suite struct ShardedDonationTests {
    /// Rows `0, 1, ..., 23` as an `[8, 3]` batch: exact float32 sums.
    static let batch = Tensor((0..<24).map(Float.init), shape: [8, 3])
    /// The column sums of ``batch``.
    static let columnSums: [Float] = [84, 92, 100]

    /// A sharded `jit` adding the batch's column sums to a replicated state.
    @Test func aShardedJITConsumesTheDonatedStateAndReturnsTheNextOne() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil)), whole = try NamedSharding(mesh, PartitionSpec())
        let step = jit(inShardings: [whole, rows], outShardings: [whole], donating: [0]) { xs in [xs[0] + xs[1].sum(axes: [0])] }
        try Self.checkSteps(step, state: whole, batch: rows)
        let text = try step.lower([TensorType(.float32, [3]), TensorType(.float32, [8, 3])])
        #expect(text.components(separatedBy: "jax.buffer_donor = true").count == 2, "only the state is donated")
        #expect(text.contains(": tensor<3xf32> {jax.buffer_donor = true, sdy.sharding = #sdy.sharding<@mesh, [{}]>}"))
    }

    /// The same step as per-device code: each device sums its rows, `psum` adds the four sums.
    @Test func shardMapConsumesTheDonatedStateAndReturnsTheNextOne() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let step = try shardMap(mesh: mesh, inSpecs: [PartitionSpec(), PartitionSpec("data", nil)], outSpecs: [PartitionSpec()],
                                donating: [0]) { xs in [xs[0] + psum(xs[1].sum(axes: [0]), axisName: "data")] }
        try Self.checkSteps(step, state: try NamedSharding(mesh, PartitionSpec()), batch: try NamedSharding(mesh, PartitionSpec("data", nil)))
    }

    @Test func donatingAnArgumentTheFunctionDoesNotTakeIsATypedError() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let whole = try NamedSharding(mesh, PartitionSpec())
        let step = jit(inShardings: [whole], outShardings: [whole], donating: [1]) { xs in xs }
        let error = #expect(throws: TensorError.self) { try step([Tensor([Float(1)])]) }
        #expect(error?.description.contains("the sharded function donates argument 1, but it takes 1 arguments") == true)
    }

    /// Two steps from `[1, 2, 3]`, each feeding the last one's result back:
    /// the state passed in is consumed on every device (and passing it again
    /// is `XLAError.bufferDonated`), the batch is not, and the values are
    /// the state plus the column sums per step.
    static func checkSteps(_ step: ShardedFunction, state stateSharding: NamedSharding, batch batchSharding: NamedSharding) throws {
        let first = try ShardedTensor(Tensor([Float(1), 2, 3]), sharding: stateSharding)
        let batch = try ShardedTensor(Self.batch, sharding: batchSharding)
        let second = try step([first, batch])[0]
        #expect(first.shards.allSatisfy { $0.isDonated })
        #expect(!batch.shards.contains { $0.isDonated })
        let third = try step([second, batch])[0]
        #expect(second.shards.allSatisfy { $0.isDonated })
        #expect(try third.gathered().scalars(as: Float.self) == zip([Float(1), 2, 3], columnSums).map { $0 + 2 * $1 })
        #expect(throws: TensorError.runtime(.bufferDonated(TensorType(.float32, [3])))) { try step([first, batch]) }
    }
}
