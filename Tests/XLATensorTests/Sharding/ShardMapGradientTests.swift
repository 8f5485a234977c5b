import Testing
import XLATensor

/// Gradients taken inside `shardMap` follow JAX's `shard_map` (check_vma):
/// a parameter that does not vary over a mesh axis gets the sum of the
/// devices' gradients along it, and `psum`/`pmean` of a varying value
/// transpose to the cotangent. Against JAX's values (fixture
/// `Scripts/fixtures/sharding.py`, "shard_map_grad") and against loops over
/// the devices' blocks; `pmap` keeps JAX's `pmap` rule (per device).
@Suite struct ShardMapGradientTests {
    static func spec(_ dimensions: PartitionSpec.Dimension...) -> PartitionSpec { PartitionSpec(dimensions: dimensions) }

    static var ring: [(source: Int, target: Int)] { [(source: 0, target: 1), (source: 1, target: 2), (source: 2, target: 3), (source: 3, target: 0)] }

    /// The six gradients of the fixture on a 1-D mesh "data"=4, x [8, 3]
    /// split by rows, w [3] replicated: name, result spec, per-device code.
    static var cases: [(name: String, spec: PartitionSpec, gradient: ([Tensor]) -> Tensor)] { [
        ("replicated", spec(), { xs in grad { (w: Tensor) in ((xs[0] * w).sum(axes: [1]) * (xs[0] * w).sum(axes: [1])).sum() }(xs[1]) }),
        ("pmean_loss", spec(), { xs in
            grad { (w: Tensor) in
                let y = (xs[0] * w).sum(axes: [1])
                return pmean((y * y).sum(), axisName: "data")
            }(xs[1])
        }),
        ("psum_varying", spec("data"), { xs in grad { (x: Tensor) in psum((x * x).sum(), axisName: "data") }(xs[0]) }),
        ("psum_invariant", spec(), { xs in grad { (w: Tensor) in psum((w * w).sum(), axisName: "data") }(xs[1]) }),
        ("all_gather", spec("data"), { xs in
            grad { (x: Tensor) in
                let gathered = allGather(x, axisName: "data")
                return (gathered * gathered * Tensor([0.0, 1, 2, 3], shape: [4, 1, 1])).sum()
            }(xs[0])
        }),
        ("ppermute", spec(), { xs in
            grad { (w: Tensor) in (ppermute(xs[0] * w, axisName: "data", permutation: ring) * Tensor([0.0, 1, 2])).sum() }(xs[1])
        }),
    ] }

    /// Products and sums of multiples of 1/8 and 1/4 in float32: exact, so
    /// equal to JAX's values bit for bit.
    @Test func gradientsMatchJAXsShardMap() throws {
        let fixture = loadFixture("sharding", as: ShardMapGradientFixture.self).gradients
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let (x, w) = (try fixture.tensor("x"), try fixture.tensor("w"))
        for (name, spec, gradient) in Self.cases {
            let f = try shardMap(mesh: mesh, inSpecs: [Self.spec("data"), Self.spec()], outSpecs: [spec]) { xs in [gradient(xs)] }
            let result = try f([x, w])[0]
            let expected = try fixture.array(name)
            #expect(result.shape == expected.shape, "\(name)")
            let values = try result.scalars(as: Float.self)
            #expect(values == expected.values, "\(name): \(values)")
        }
    }

    /// The replicated parameter's gradient is the sum over the devices'
    /// blocks of one-device gradients; `grad` of `pmean(loss)` their mean.
    @Test func aReplicatedParametersGradientIsTheSumOverTheDevices() throws {
        let fixture = loadFixture("sharding", as: ShardMapGradientFixture.self).gradients
        let (x, w) = (try fixture.tensor("x"), try fixture.tensor("w"))
        let perBlock = try (0..<4).map { device in
            let block = x[(2 * device)..<(2 * device + 2)]
            return try grad { (w: Tensor) in ((block * w).sum(axes: [1]) * (block * w).sum(axes: [1])).sum() }(w).scalars(as: Float.self)
        }
        let sum = (0..<3).map { column in perBlock.reduce(Float(0)) { $0 + $1[column] } }
        #expect(try fixture.array("replicated").values == sum)
        #expect(try fixture.array("pmean_loss").values == sum.map { $0 / 4 })
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let f = try shardMap(mesh: mesh, inSpecs: [Self.spec("data"), Self.spec()], outSpecs: [Self.spec(), Self.spec()]) { xs in
            [Self.cases[0].gradient(xs), Self.cases[1].gradient(xs)]
        }
        let results = try f([x, w])
        #expect(try results[0].scalars(as: Float.self) == sum)
        #expect(try results[1].scalars(as: Float.self) == sum.map { $0 / 4 })
    }

    /// A parameter split over "model" and replicated over "data" is summed
    /// over "data" only; a replicated one over both. A contraction and tanh:
    /// rtol 1e-5, atol 1e-6 against JAX (a few ulp between machines).
    @Test func onATwoByTwoMeshEachParameterIsSummedOverTheAxesItDoesNotVaryOver() throws {
        let fixture = loadFixture("sharding", as: ShardMapGradientFixture.self).gradients
        let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
        let f = try shardMap(mesh: mesh, inSpecs: [Self.spec("data", nil), Self.spec(nil, "model"), Self.spec()],
                             outSpecs: [Self.spec(nil, "model"), Self.spec()]) { xs in
            let x = xs[0]
            return grad { (p: [Tensor]) in
                let y = tanh(matmul(x, p[0]) + p[1])
                return (y * y).sum()
            }([xs[1], xs[2]])
        }
        let results = try f([try fixture.tensor("xt"), try fixture.tensor("wt"), try fixture.tensor("bt")])
        for (result, name) in zip(results, ["tanh_w", "tanh_b"]) {
            let expected = try fixture.array(name)
            #expect(result.shape == expected.shape, "\(name)")
            let values = try result.scalars(as: Float.self)
            #expect(zip(values, expected.values).allSatisfy { abs($0 - $1) <= 1e-6 + 1e-5 * abs($1) }, "\(name): \(values)")
        }
    }

    /// `grad` of `psum(w * x)` in a replicated w is the sum of x over the
    /// devices (10), of `pmean(w * x)` its mean (2.5), on every device.
    @Test func psumAndPmeanOfAVaryingValueTransposeToTheCotangent() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let f = try shardMap(mesh: mesh, inSpecs: [Self.spec("data"), Self.spec()], outSpecs: [Self.spec("data"), Self.spec("data")]) { xs in
            let x = xs[0]
            return [grad { (w: Tensor) in psum((w * x).sum(), axisName: "data") }(xs[1]),
                    grad { (w: Tensor) in pmean((w * x).sum(), axisName: "data") }(xs[1])]
        }
        let results = try f([Tensor([1.0, 2, 3, 4]), Tensor([0.5])])
        let summed = try results[0].scalars(as: Float.self)
        #expect(summed == [10, 10, 10, 10], "\(summed)")
        #expect(try results[1].scalars(as: Float.self) == [2.5, 2.5, 2.5, 2.5])
    }

    /// JAX 0.11's `pmap` keeps per-device gradients and transposes `psum`
    /// to `psum`: grad of psum(x * x) is 4 * 2x, of psum(w * x) in a
    /// closed-over w each device's 4x (JAX: [8, 16, 24, 32], [4, 8, 12, 16]).
    @Test func pmapKeepsPerDeviceGradients() throws {
        let f = try pmap(try Mesh(cpuAxes: [("i", 4)])) { xs in
            let x = xs[0]
            return [grad { (x: Tensor) in psum(x * x, axisName: "i") }(x),
                    grad { (w: Tensor) in psum(w * x, axisName: "i") }(Tensor(Float(0.5)))]
        }
        let results = try f([Tensor([1.0, 2, 3, 4])])
        #expect(try results[0].scalars(as: Float.self) == [8, 16, 24, 32])
        #expect(try results[1].scalars(as: Float.self) == [4, 8, 12, 16])
    }

    /// A loop body holding a collective over a mesh axis would be
    /// differentiated without knowing what varies: a typed error.
    @Test func aCollectiveInsideADifferentiatedLoopIsATypedError() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let f = try shardMap(mesh: mesh, inSpecs: [Self.spec("data"), Self.spec()], outSpecs: [Self.spec()]) { xs in
            [grad { (w: Tensor) in forLoop(0, 2, w) { _, s in psum(s * xs[0], axisName: "data") }.sum() }(xs[1])]
        }
        #expect { try f([Tensor([1.0, 2, 3, 4]), Tensor([0.5])]) } throws: { error in
            error is TensorError && "\(error)".contains("holding a collective over a shardMap mesh axis")
        }
    }
}

/// The "shard_map_grad" part of `Fixtures/sharding.json` (`Scripts/fixtures/sharding.py`).
struct ShardMapGradientFixture: Decodable {
    struct Gradients: Decodable {
        let values: [String: ShardingFixture.Array2D]

        init(from decoder: Decoder) throws {
            values = try decoder.singleValueContainer().decode([String: ShardingFixture.Array2D].self)
        }

        /// The array called `name`.
        func array(_ name: String) throws -> ShardingFixture.Array2D {
            guard let array = values[name] else { throw FixtureMissing(name: name) }
            return array
        }

        /// The array called `name` as a tensor.
        func tensor(_ name: String) throws -> Tensor {
            let array = try array(name)
            return Tensor(array.values, shape: array.shape)
        }
    }

    /// The fixture has no array of that name.
    struct FixtureMissing: Error {
        let name: String
    }

    let gradients: Gradients

    enum CodingKeys: String, CodingKey {
        case gradients = "shard_map_grad"
    }
}
