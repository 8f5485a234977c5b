import Haiku
import Testing

/// A Haiku train step under `jit(inShardings:outShardings:)`: batch over
/// "data" on 4 CPU devices, parameters replicated, equal to the same step
/// on one device.
@Suite struct ShardedHaikuStepTests {
    static func model() -> Transformed<Tensor, Tensor> { transform { (x: Tensor) in MLP([32, 4])(x) } }

    /// One SGD step on squared error: the parameter leaves (in
    /// `Params`' leaf order) updated, then the loss.
    static func step(_ xs: [Tensor], template: Params) -> [Tensor] {
        var index = 2
        let params = template.mapTensors { _ in
            defer { index += 1 }
            return xs[index]
        }
        let (loss, grads) = valueAndGrad { (params: Params) -> Tensor in
            guard let output = try? model().apply(params, xs[0]) else { return Tensor(Float.nan) }
            let error = output - xs[1]
            return (error * error).mean()
        }(params)
        return zip(params.leaves, grads.leaves).map { $0 - 0.1 * $1 } + [loss]
    }

    static func run(devices: Int, x: Tensor, y: Tensor, params: Params) throws -> [Float] {
        let mesh = try Mesh(cpuAxes: [("data", devices)])
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil))
        let whole = try NamedSharding(mesh, PartitionSpec())
        let parameterCount = params.leaves.count
        let f = jit(inShardings: [rows, rows] + Array(repeating: whole, count: parameterCount),
                    outShardings: Array(repeating: whole, count: parameterCount + 1)) { step($0, template: params) }
        var leaves = params.leaves
        var losses: [Float] = []
        for _ in 0..<3 {
            let outputs = try f([x, y] + leaves)
            leaves = Array(outputs.dropLast())
            losses.append(try outputs.last!.item(as: Float.self))
        }
        return try losses + leaves.flatMap { try $0.scalars(as: Float.self) }
    }

    /// The loss is a mean over the batch: 4 partial means all-reduced on 4
    /// devices, one mean on 1, another summation order, compounded over 3
    /// steps of a 16-32-4 MLP: rtol 1e-5.
    @Test func aDataParallelHaikuStepEqualsOneDevice() throws {
        let x = Tensor((0..<32 * 16).map { Float($0 % 13 - 6) / 13 }, shape: [32, 16])
        let y = Tensor((0..<32 * 4).map { Float($0 % 5 - 2) / 5 }, shape: [32, 4])
        let params = try Self.model().initialize(rng: PRNGKey(42), x)
        let one = try Self.run(devices: 1, x: x, y: y, params: params)
        let four = try Self.run(devices: 4, x: x, y: y, params: params)
        #expect(one.count == four.count)
        #expect(zip(four, one).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        #expect(one[2] < one[0], "the step trains")
    }
}
