import Haiku
import Testing

/// `BatchNorm(crossReplicaAxis:)` over a device axis: inside `shardMap` on 4
/// CPU devices, each device normalizes its quarter of the batch with the
/// statistics of the whole batch (`pmean` over "data").
@Suite struct ShardMapBatchNormTests {
    /// Each device's mean and mean square are averaged across devices: an
    /// all-reduce of 4 partial means instead of one 8-row mean, another
    /// summation order: rtol 1e-6 (values are O(1)).
    @Test func crossReplicaOverADeviceAxisEqualsTheOneDeviceBatchStatistics() throws {
        let plain = transformWithState { (x: Tensor) in
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: true)
        }
        let cross = transformWithState { (x: Tensor) in
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, crossReplicaAxis: "data")(x, isTraining: true)
        }
        let x = Tensor((0..<24).map { Float(($0 * 5) % 11) / 4 - 1 }, shape: [8, 3])
        let (params, state) = try plain.initialize(rng: PRNGKey(1), x)
        let (expected, expectedState) = try plain.apply(params, state, x)

        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let (parameterCount, stateCount) = (params.leaves.count, state.leaves.count)
        let whole = PartitionSpec()
        let f = try shardMap(mesh: mesh, inSpecs: [PartitionSpec("data", nil)] + Array(repeating: whole, count: parameterCount + stateCount),
                             outSpecs: [PartitionSpec("data", nil)] + Array(repeating: whole, count: stateCount)) { xs in
            var index = 1
            let next = { (_: Tensor) -> Tensor in
                defer { index += 1 }
                return xs[index]
            }
            let (localParams, localState) = (params.mapTensors(next), state.mapTensors(next))
            guard let (output, updated) = try? cross.apply(localParams, localState, xs[0]) else { return [Tensor(Float.nan)] }
            return [output] + updated.leaves
        }
        let results = try f([x] + params.leaves + state.leaves)
        try #require(results.count == 1 + stateCount, "apply failed inside shardMap")
        let close = { (got: Tensor, want: Tensor, label: String) throws in
            #expect(got.shape == want.shape, "\(label) shape")
            let pairs = zip(try got.converted(to: .float32).scalars(as: Float.self), try want.converted(to: .float32).scalars(as: Float.self))
            #expect(pairs.allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }, "\(label): \(Array(pairs))")
        }
        try close(results[0], expected, "output")
        for (index, leaf) in expectedState.leaves.enumerated() { try close(results[1 + index], leaf, "state leaf \(index)") }
    }
}
