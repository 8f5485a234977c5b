import Foundation
import Testing
import XLARuntime
import XLATensor

/// `jit(inShardings:outShardings:)` over 4 CPU devices of one process:
/// equal to the unsharded computation, padded uneven batches, JAX's values
/// for a 2 × 2 model-parallel MLP, and typed errors for bad layouts.
@Suite struct ShardedJITTests {
    /// `[rows, columns]` float32 values `(i % 7 - 3) / 4`: exact in float32.
    static func ramp(_ rows: Int, _ columns: Int, offset: Int = 0) -> Tensor {
        Tensor((0..<rows * columns).map { Float(($0 + offset) % 7 - 3) / 4 }, shape: [rows, columns])
    }

    static func sharding(_ mesh: Mesh, _ dimensions: PartitionSpec.Dimension...) throws -> NamedSharding {
        try NamedSharding(mesh, PartitionSpec(dimensions: dimensions))
    }

    @Test func anElementwiseFunctionShardedOverBothAxesIsExact() throws {
        let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
        let grid = try Self.sharding(mesh, "data", "model")
        let f = jit(inShardings: [grid, grid], outShardings: [grid]) { xs in [xs[0] * 2 + tanh(xs[1])] }
        let x = Self.ramp(6, 4), y = Self.ramp(6, 4, offset: 3)
        let sharded = try f([x, y])[0]
        #expect(sharded.shape == [6, 4])
        #expect(try sharded.scalars(as: Float.self) == (x * 2 + tanh(y)).scalars(as: Float.self))
    }

    /// Each device multiplies its rows by the whole weight matrix: the same
    /// 16-term dot products as one device, in a GEMM of other row count, whose
    /// blocking may sum in another order: rtol 1e-6 (a few ulp at 16 terms).
    @Test func aBatchShardedMatmulEqualsTheUnshardedOne() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let rows = try Self.sharding(mesh, "data", nil)
        let f = jit(inShardings: [rows, try Self.sharding(mesh)], outShardings: [rows]) { xs in [matmul(xs[0], xs[1])] }
        let x = Self.ramp(8, 16), w = Self.ramp(16, 4, offset: 1)
        let placed = try [ShardedTensor(x, sharding: rows), ShardedTensor(w, sharding: try Self.sharding(mesh))]
        let result = try f(placed)[0]
        #expect(result.shards.map(\.shape) == [[2, 4], [2, 4], [2, 4], [2, 4]])
        #expect(result.shards.map(\.device) == mesh.devices)
        let expected = try matmul(x, w).scalars(as: Float.self)
        #expect(maxRelativeError(try result.gathered().scalars(as: Float.self), expected) <= 1e-6)
    }

    /// The contraction over the hidden layer is split over "model": XLA sums
    /// two 4-term partial products with an all-reduce instead of one 8-term
    /// dot, another summation order: rtol 1e-6.
    @Test func aModelShardedMLPMatchesJAX() throws {
        let fixture = loadFixture("sharding", as: ShardingFixture.self).megatronMLP
        let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
        let f = jit(inShardings: [try Self.sharding(mesh, "data", nil), try Self.sharding(mesh, nil, "model"),
                                  try Self.sharding(mesh, "model", nil)],
                    outShardings: [try Self.sharding(mesh, "data", nil)]) { xs in [matmul(tanh(matmul(xs[0], xs[1])), xs[2])] }
        let inputs = [fixture.x, fixture.w1, fixture.w2].map { Tensor($0.values, shape: $0.shape) }
        let placed = try zip(inputs, [try Self.sharding(mesh, "data", nil), try Self.sharding(mesh, nil, "model"),
                                      try Self.sharding(mesh, "model", nil)]).map { try ShardedTensor($0, sharding: $1) }
        #expect(placed[1].shards.map(\.shape) == fixture.w1ShardShapes)
        let y = try f(placed)[0]
        #expect(y.shards.map(\.shape) == Array(repeating: fixture.yShardShape, count: 4))
        #expect(y.shape == fixture.y.shape)
        #expect(maxRelativeError(try y.gathered().scalars(as: Float.self), fixture.y.values) <= 1e-6)
        let unsharded = try matmul(tanh(matmul(inputs[0], inputs[1])), inputs[2]).scalars(as: Float.self)
        #expect(maxRelativeError(try y.gathered().scalars(as: Float.self), unsharded) <= 1e-6)
    }

    @Test func anUnevenBatchIsPaddedWithZerosAndGatheredBack() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let rows = try Self.sharding(mesh, "data")
        let x = Self.ramp(6, 3)
        let placed = try ShardedTensor(x, sharding: rows)
        #expect(placed.paddedShape == [8, 3])
        #expect(placed.shards.map(\.shape) == Array(repeating: [2, 3], count: 4))
        #expect(try placed.shards[3].toArray(as: Float.self) == Array(repeating: 0, count: 6))
        #expect(try placed.shards[1].toArray(as: Float.self) == Self.ramp(6, 3).scalars(as: Float.self)[6..<12].map { $0 })
        #expect(try placed.gathered().scalars(as: Float.self) == x.scalars(as: Float.self))
        let f = jit(inShardings: [rows], outShardings: [rows]) { xs in [xs[0] * 2 + 1] }
        let result = try f([placed])[0]
        #expect(result.shape == [8, 3], "the function saw the padded batch")
        let gathered = try result.gathered().scalars(as: Float.self)
        #expect(try Array(gathered.prefix(18)) == (x * 2 + 1).scalars(as: Float.self))
        #expect(Array(gathered.suffix(6)) == Array(repeating: 1, count: 6))
    }

    @Test func everyArgumentAndResultIsAnnotatedWithShardy() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let rows = try Self.sharding(mesh, "data", nil)
        let whole = try Self.sharding(mesh)
        let f = jit(inShardings: [rows, whole], outShardings: [rows, whole]) { xs in [xs[0] + xs[1], xs[1] * 2] }
        let text = try f.lower([TensorType(.float32, [8, 2]), TensorType(.float32, [8, 2])])
        #expect(text.contains("sdy.mesh @mesh = <[\"data\"=4]>"))
        #expect(text.components(separatedBy: "sdy.sharding = #sdy.sharding<@mesh, [{\"data\"}, {}]>").count == 3)
        #expect(text.components(separatedBy: "sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>").count == 3)
    }

    @Test func badMeshesAndSpecsAreTypedErrors() throws {
        #expect(throws: TensorError.self) { try Mesh(cpuAxes: [("data", 3), ("model", 0)]) }
        #expect(throws: TensorError.self) { try Mesh(cpuAxes: [("data", 2), ("data", 2)]) }
        let client = try Client.shared(cpuDeviceCount: 4)
        #expect(throws: TensorError.self) { try Mesh(client: client, axes: [("data", 8)]) }
        #expect(throws: TensorError.self) {
            try Mesh(client: client, devices: [client.devices[0], client.devices[0]], axes: [("data", 2)])
        }
        let mesh = try Mesh(client: client, axes: [("data", 4)])
        #expect(throws: TensorError.self) { try NamedSharding(mesh, PartitionSpec("model")) }
        #expect(throws: TensorError.self) { try NamedSharding(mesh, PartitionSpec("data", "data")) }
        let rows = try Self.sharding(mesh, "data", nil)
        #expect(throws: TensorError.self) { try ShardedTensor(Tensor([1.0, 2, 3, 4]), sharding: rows) }
    }

    @Test func callsThatDoNotFitTheShardingsAreTypedErrors() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let rows = try Self.sharding(mesh, "data", nil)
        let whole = try Self.sharding(mesh)
        let f = jit(inShardings: [rows], outShardings: [rows]) { xs in [xs[0] + 1] }
        let x = Self.ramp(8, 2)
        #expect(throws: TensorError.self) { try f([x, x]) }
        #expect(throws: TensorError.self) { try f([ShardedTensor(x, sharding: whole)]) }
        let twoResults = jit(inShardings: [rows], outShardings: [rows]) { xs in [xs[0], xs[0]] }
        #expect(throws: TensorError.self) { try twoResults([x]) }
        let scalarResult = jit(inShardings: [rows], outShardings: [rows]) { xs in [xs[0].sum()] }
        #expect(throws: TensorError.self) { try scalarResult([x]) }
    }
}

/// `Fixtures/sharding.json`, written by `Scripts/fixtures/sharding.py`.
struct ShardingFixture: Decodable {
    struct Array2D: Decodable {
        let shape: [Int]
        let values: [Float]
    }

    struct MegatronMLP: Decodable {
        let x, w1, w2, y: Array2D
        let yShardShape: [Int]
        let w1ShardShapes: [[Int]]

        enum CodingKeys: String, CodingKey {
            case x, w1, w2, y
            case yShardShape = "y_shard_shape"
            case w1ShardShapes = "w1_shard_shapes"
        }
    }

    let megatronMLP: MegatronMLP

    enum CodingKeys: String, CodingKey { case megatronMLP = "megatron_mlp" }
}

/// `max |a - b| / max(1, |b|)` over two arrays of equal length.
private func maxRelativeError(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}

/// `withShardingConstraint`: a layout inside a sharded function, the same
/// values, and typed errors where it cannot apply.
@Suite struct ShardingConstraintTests {
    /// The hidden layer is constrained to split over both axes; the second
    /// contraction then sums partial products across "model": rtol 1e-6.
    @Test func aConstrainedHiddenLayerGivesTheSameValues() throws {
        let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil))
        let whole = try NamedSharding(mesh, PartitionSpec())
        let grid = try NamedSharding(mesh, PartitionSpec("data", "model"))
        let f = jit(inShardings: [rows, whole, whole], outShardings: [rows]) { xs in
            [matmul(withShardingConstraint(tanh(matmul(xs[0], xs[1])), grid), xs[2])]
        }
        let text = try f.lower([TensorType(.float32, [8, 16]), TensorType(.float32, [16, 8]), TensorType(.float32, [8, 4])])
        #expect(text.contains("\"sdy.sharding_constraint\""))
        #expect(text.contains("sharding = #sdy.sharding<@mesh, [{\"data\"}, {\"model\"}]>"))
        let x = ShardedJITTests.ramp(8, 16), w1 = ShardedJITTests.ramp(16, 8, offset: 2), w2 = ShardedJITTests.ramp(8, 4, offset: 5)
        let expected = try matmul(tanh(matmul(x, w1)), w2).scalars(as: Float.self)
        let actual = try f([x, w1, w2])[0].scalars(as: Float.self)
        #expect(zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
    }

    @Test func outsideATraceTheTensorIsReturnedAsItIs() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let x = Tensor([1.0, 2, 3, 4])
        #expect(try withShardingConstraint(x, NamedSharding(mesh, PartitionSpec("data"))).scalars(as: Float.self) == [1, 2, 3, 4])
    }

    @Test func insideAnUnshardedJitItIsATypedError() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let sharding = try NamedSharding(mesh, PartitionSpec("data"))
        let f = jit { (x: Tensor) in withShardingConstraint(x, sharding) * 2 }
        #expect(throws: TensorError.self) { try f(Tensor([1.0, 2, 3, 4])) }
    }
}
