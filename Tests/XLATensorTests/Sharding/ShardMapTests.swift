import Testing
import XLATensor

/// `shardMap` and `pmap` over 4 CPU devices of one process: every
/// collective over mesh axes against a loop over the devices' blocks and
/// against JAX's `shard_map` (fixture), the Shardy text, a data-parallel
/// train step against one device, and typed errors.
@Suite struct ShardMapTests {
    static func spec(_ dimensions: PartitionSpec.Dimension...) -> PartitionSpec { PartitionSpec(dimensions: dimensions) }

    /// The nine collectives of `Scripts/fixtures/sharding.py`, on a 2 × 2
    /// mesh with x [4, 6] split over both axes (shards [2, 3]).
    static func collectives(_ mesh: Mesh) throws -> ShardedFunction {
        try shardMap(mesh: mesh, inSpecs: [spec("data", "model")], outSpecs: [
            spec(nil, "model"), spec("data", nil), spec(nil, "model"), spec("data", nil), spec("data", nil, "model"),
            spec(["data", "model"]), spec("data", "model"), spec("data", "model"), spec(["data", "model"]),
        ]) { xs in
            let x = xs[0]
            let index = (axisIndex(axisName: "data") * 10 + axisIndex(axisName: "model")).reshaped([1])
            return [psum(x, axisName: "data"), pmean(x, axisName: "model"), pmax(x, axisName: "data"), pmin(x, axisName: "model"),
                    allGather(x, axisName: "model", axis: 1), psumScatter(x, axisName: "data", axis: 0),
                    ppermute(x, axisName: "model", permutation: [(0, 1), (1, 0)]),
                    ppermute(x, axisName: "data", permutation: [(0, 1)]), index.converted(to: .float32)]
        }
    }

    /// The same results from the rows of x, device block by device block
    /// (device (d, m) holds rows 2d, 2d + 1 and columns 3m ..< 3m + 3).
    static func loopReference(_ x: [[Float]]) -> [[Float]] {
        let rows = 0..<4, columns = 0..<6
        let psumData: [Float] = (0..<2).flatMap { (i: Int) -> [Float] in columns.map { (j: Int) -> Float in x[i][j] + x[i + 2][j] } }
        let pmeanModel: [Float] = rows.flatMap { (i: Int) -> [Float] in (0..<3).map { (j: Int) -> Float in (x[i][j] + x[i][j + 3]) / 2 } }
        let pmaxData: [Float] = (0..<2).flatMap { (i: Int) -> [Float] in columns.map { (j: Int) -> Float in max(x[i][j], x[i + 2][j]) } }
        let pminModel: [Float] = rows.flatMap { (i: Int) -> [Float] in (0..<3).map { (j: Int) -> Float in min(x[i][j], x[i][j + 3]) } }
        // Row r, gathered entry k, column c: device (r / 2, c / 3) holds model device k's block.
        let gathered: [Float] = rows.flatMap { (r: Int) -> [Float] in
            (0..<2).flatMap { (k: Int) -> [Float] in columns.map { (c: Int) -> Float in x[r][3 * k + c % 3] } }
        }
        // Device (d, m) keeps row d of the sum of both data devices' blocks.
        let scattered: [Float] = (0..<4).flatMap { (p: Int) -> [Float] in
            let (d, m) = (p / 2, p % 2)
            return (0..<3).map { (c: Int) -> Float in x[d][3 * m + c] + x[2 + d][3 * m + c] }
        }
        let swappedModel: [Float] = rows.flatMap { (r: Int) -> [Float] in columns.map { (c: Int) -> Float in x[r][(c + 3) % 6] } }
        let shiftedData: [Float] = rows.flatMap { (r: Int) -> [Float] in columns.map { (c: Int) -> Float in r < 2 ? 0 : x[r - 2][c] } }
        return [psumData, pmeanModel, pmaxData, pminModel, gathered, scattered, swappedModel, shiftedData, [0, 1, 10, 11]]
    }

    @Test func everyCollectiveOverMeshAxesMatchesALoopAndJAX() throws {
        let fixture = loadFixture("sharding", as: ShardMapFixture.self).shardMap
        let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
        let x = Tensor(fixture.x.values, shape: fixture.x.shape)
        let results = try Self.collectives(mesh)([x])
        let rows = (0..<4).map { Array(fixture.x.values[($0 * 6)..<($0 * 6 + 6)]) }
        let expected = fixture.results
        #expect(results.count == expected.count)
        for ((result, jax), loop) in zip(zip(results, expected), Self.loopReference(rows)) {
            #expect(result.shape == jax.value.shape, "\(jax.name)")
            // Sums of two halves and halvings of multiples of 1/2: exact.
            #expect(try result.scalars(as: Float.self) == jax.value.values, "\(jax.name) against JAX")
            #expect(try result.scalars(as: Float.self) == loop, "\(jax.name) against the loop")
        }
    }

    @Test func itLowersToAManualComputationWithDenseReplicaGroups() throws {
        let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
        let text = try Self.collectives(mesh).lower([TensorType(.float32, [4, 6])])
        #expect(text.contains("sdy.manual_computation("))
        #expect(text.contains("manual_axes={\"data\", \"model\"}"))
        #expect(text.contains("\"stablehlo.all_reduce\""))
        #expect(text.contains("replica_groups = dense<[[0, 2], [1, 3]]> : tensor<2x2xi64>"), "psum over data")
        #expect(text.contains("replica_groups = dense<[[0, 1], [2, 3]]> : tensor<2x2xi64>"), "pmean over model")
        #expect(text.contains("source_target_pairs = dense<[[0, 1], [1, 0], [2, 3], [3, 2]]> : tensor<4x2xi64>"), "ppermute over model")
        #expect(text.contains("source_target_pairs = dense<[[0, 2], [1, 3]]> : tensor<2x2xi64>"), "ppermute 0 → 1 over data")
        #expect(text.contains("use_global_device_ids"))
        #expect(text.contains("func.func private @main_per_device("))
        #expect(text.contains("(%l0: tensor<2x3xf32>, %l1: tensor<1xi32>, %l2: tensor<1xi32>)"), "the shard and the two axis indices")
    }

    /// Against a loop ([1 + 4, 2 + 8, ...]) and JAX's `shard_map` (fixture).
    @Test func psumWithIndexGroupsOverAMeshAxisSumsEachGroup() throws {
        let fixture = loadFixture("sharding", as: ShardMapFixture.self).groups
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let g = try shardMap(mesh: mesh, inSpecs: [Self.spec("data")], outSpecs: [Self.spec("data"), Self.spec("data")]) { xs in
            [psum(xs[0], axisName: "data", axisIndexGroups: [[0, 2], [1, 3]]), pmean(xs[0], axisName: "data", axisIndexGroups: [[0, 1], [2, 3]])]
        }
        let results = try g([Tensor(fixture.g.values)])
        #expect(fixture.g.values == [1, 2, 4, 8])
        #expect(try results[0].scalars(as: Float.self) == [5, 10, 5, 10])
        #expect(try results[1].scalars(as: Float.self) == [1.5, 1.5, 6, 6])
        #expect(try results[0].scalars(as: Float.self) == fixture.psumGroups.values)
        #expect(try results[1].scalars(as: Float.self) == fixture.pmeanGroups.values)
    }

    @Test func pmapMapsTheLeadingDimensionOverTheDevices() throws {
        let mesh = try Mesh(cpuAxes: [("i", 4)])
        let f = try pmap(mesh) { xs in
            [xs[0] - pmean(xs[0], axisName: "i"), allGather(xs[0].sum(), axisName: "i") + axisIndex(axisName: "i").converted(to: .float32)]
        }
        let x = Tensor([1.0, 2, 3, 4, 5, 6, 7, 8], shape: [4, 2])
        let results = try f([x])
        #expect(results[0].shape == [4, 2])
        #expect(try results[0].scalars(as: Float.self) == [-3, -3, -1, -1, 1, 1, 3, 3])
        #expect(results[1].shape == [4, 4])
        #expect(try results[1].scalars(as: Float.self) == [3, 7, 11, 15, 4, 8, 12, 16, 5, 9, 13, 17, 6, 10, 14, 18])
        #expect(throws: TensorError.self) { try f([Tensor([1.0, 2, 3])]) }
        #expect(throws: TensorError.self) { try pmap(try Mesh(cpuAxes: [("a", 2), ("b", 2)])) { $0 } }
    }

    /// The step of `ShardedTrainStepTests` written per device: the gradient
    /// of the `pmean` of the devices' losses on their quarters of the batch
    /// (JAX's `shard_map` rule: the replicated weights' gradient is the mean
    /// of the devices' gradients, the same on every device). Another
    /// summation order than one device's, over 5 steps: rtol 1e-5.
    /// On a 1-device mesh too (it once failed to compile there: XLA
    /// compiled the manual computation without the SPMD partitioner).
    @Test(arguments: [1, 4])
    func aDataParallelStepThroughPmeanEqualsTheOneDeviceStep(devices: Int) throws {
        let (batch, input, hidden, output) = (32, 16, 32, 4)
        func ramp(_ shape: [Int], _ offset: Int) -> Tensor {
            let scale = Float(11 * shape[0])
            let values: [Float] = (0..<shape.reduce(1, *)).map { (index: Int) -> Float in Float((index * 7 + offset) % 11 - 5) / scale }
            return Tensor(values, shape: shape)
        }
        let data = [ramp([batch, input], 0), ramp([batch, output], 3)]
        var single = [ramp([input, hidden], 5), ramp([hidden, output], 1)]
        var parallel = single
        let mesh = try Mesh(cpuAxes: [("data", devices)])
        let rows = Self.spec("data", nil)
        let step = try shardMap(mesh: mesh, inSpecs: [rows, rows, Self.spec(), Self.spec()],
                                outSpecs: [Self.spec(), Self.spec(), Self.spec()]) { xs in
            let (x, y) = (xs[0], xs[1])                 // this device's rows
            let (loss, grads) = valueAndGrad { (w: [Tensor]) in
                let error = matmul(tanh(matmul(x, w[0])), w[1]) - y
                return pmean((error * error).mean(), axisName: "data")
            }([xs[2], xs[3]])
            return [xs[2] - 0.1 * grads[0], xs[3] - 0.1 * grads[1], loss]
        }
        for _ in 0..<5 {
            let one = ShardedTrainStepTests.step(data + single)
            let four = try step(data + parallel)
            #expect(abs(try four[2].item(as: Float.self) - one[2].item(as: Float.self)) <= 1e-5 * max(1, abs(try one[2].item(as: Float.self))))
            single = [one[0], one[1]]
            parallel = [four[0], four[1]]
        }
        for (a, b) in zip(parallel, single) {
            let (x, y) = (try a.scalars(as: Float.self), try b.scalars(as: Float.self))
            #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        }
    }

    /// A function of no arguments and one of no results still compile:
    /// the axis indices are the only arguments, or nothing comes back.
    @Test func noArgumentsOrNoResults() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let indices = try shardMap(mesh: mesh, inSpecs: [], outSpecs: [Self.spec("data")]) { _ in
            [axisIndex(axisName: "data").reshaped([1])]
        }
        #expect(try indices([])[0].scalars(as: Int32.self) == [0, 1, 2, 3])
        let nothing = try shardMap(mesh: mesh, inSpecs: [Self.spec("data")], outSpecs: []) { _ in [] }
        #expect(try nothing([Tensor([1.0, 2, 3, 4])]).isEmpty)
    }

    /// `ppermute` under `vmap` reorders the batch (zeros where nothing is
    /// sent); its gradient sends the cotangent back, under `vmap` and over a
    /// mesh axis alike.
    @Test func ppermuteUnderVMapAndItsGradient() throws {
        let shift = [(source: 0, target: 1), (source: 1, target: 2), (source: 2, target: 3)]
        let xs = Tensor([1.0, 2, 3, 4]), weights = Tensor([1.0, 10, 100, 1000])
        let shifted = { (xs: Tensor) in vmap({ (x: Tensor) in ppermute(x, axisName: "i", permutation: shift) }, axisName: "i")(xs) }
        #expect(try shifted(xs).scalars(as: Float.self) == [0, 1, 2, 3])
        #expect(try grad { (xs: Tensor) in (shifted(xs) * weights).sum() }(xs).scalars(as: Float.self) == [10, 100, 1000, 0])
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let f = try shardMap(mesh: mesh, inSpecs: [Self.spec("data"), Self.spec("data")], outSpecs: [Self.spec("data")]) { xs in
            [grad { (x: Tensor) in (ppermute(x, axisName: "data", permutation: shift) * xs[1]).sum() }(xs[0])]
        }
        #expect(try f([xs, weights])[0].scalars(as: Float.self) == [10, 100, 1000, 0])
    }

    @Test func badSpecsAxesAndShapesAreTypedErrors() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        #expect(throws: TensorError.self) {
            try shardMap(mesh: mesh, inSpecs: [Self.spec("model")], outSpecs: [Self.spec()]) { $0 }
        }
        let overAnotherAxis = try shardMap(mesh: mesh, inSpecs: [Self.spec("data")], outSpecs: [Self.spec("data")]) { xs in
            [psum(xs[0], axisName: "model")]
        }
        #expect { try overAnotherAxis([Tensor([1.0, 2, 3, 4])]) } throws: { error in
            "\(error)".contains("the axis name 'model' is not bound by any enclosing vmap or shardMap (bound: 'data')")
        }
        let rows = try shardMap(mesh: mesh, inSpecs: [Self.spec("data")], outSpecs: [Self.spec("data")]) { $0 }
        #expect { try rows([Tensor([1.0, 2, 3, 4, 5, 6])]) } throws: { error in
            "\(error)".contains("dimension 0 of size 6")
        }
        #expect(throws: TensorError.self) { try rows([Tensor([1.0, 2, 3, 4]), Tensor([1.0, 2, 3, 4])]) }
        let badPermutation = try shardMap(mesh: mesh, inSpecs: [Self.spec("data")], outSpecs: [Self.spec("data")]) { xs in
            [ppermute(xs[0], axisName: "data", permutation: [(0, 1), (2, 1)])]
        }
        #expect(throws: TensorError.self) { try badPermutation([Tensor([1.0, 2, 3, 4])]) }
        let wrongScatter = try shardMap(mesh: mesh, inSpecs: [Self.spec("data")], outSpecs: [Self.spec("data")]) { xs in
            [psumScatter(xs[0], axisName: "data")]
        }
        #expect(throws: TensorError.self) { try wrongScatter([Tensor([1.0, 2, 3, 4])]) }
        let constrained = try shardMap(mesh: mesh, inSpecs: [Self.spec("data")], outSpecs: [Self.spec("data")]) { xs in
            [withShardingConstraint(xs[0], try NamedSharding(mesh, PartitionSpec("data")))]
        }
        #expect { try constrained([Tensor([1.0, 2, 3, 4])]) } throws: { error in
            "\(error)".contains("jit(inShardings:outShardings:)")
        }
    }
}

/// The `shard_map` part of `Fixtures/sharding.json` (`Scripts/fixtures/sharding.py`).
struct ShardMapFixture: Decodable {
    struct Collectives: Decodable {
        let x: ShardingFixture.Array2D
        let values: [String: ShardingFixture.Array2D]

        /// The results in the order of `ShardMapTests.collectives`.
        var results: [(name: String, value: ShardingFixture.Array2D)] {
            ["psum_data", "pmean_model", "pmax_data", "pmin_model", "all_gather_model", "psum_scatter_data", "ppermute_model",
             "ppermute_data", "axis_index"].compactMap { name in values[name].map { (name, $0) } }
        }

        init(from decoder: Decoder) throws {
            values = try decoder.singleValueContainer().decode([String: ShardingFixture.Array2D].self)
            guard let x = values["x"] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no x"))
            }
            self.x = x
        }
    }

    /// Index groups on a 1-D mesh "data"=4.
    struct Groups: Decodable {
        let g, psumGroups, pmeanGroups: ShardingFixture.Array2D

        enum CodingKeys: String, CodingKey {
            case g
            case psumGroups = "psum_groups"
            case pmeanGroups = "pmean_groups"
        }
    }

    let shardMap: Collectives
    let groups: Groups

    enum CodingKeys: String, CodingKey {
        case shardMap = "shard_map"
        case groups = "shard_map_groups"
    }
}
