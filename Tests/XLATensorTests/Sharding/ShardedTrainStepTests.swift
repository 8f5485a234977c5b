import Foundation
import Testing
import XLATensor

/// A data-parallel MLP train step (batch over "data", weights replicated)
/// on 4 CPU devices against the same step on 1: XLA inserts the gradient
/// all-reduce. Also prints the step times (Docs/Scaling.md); with
/// `HK_SCALING_BENCH=1` at the size measured there.
@Suite struct ShardedTrainStepTests {
    /// `(batch, input, hidden, output)`: small for CI, or the measured size.
    static let benchmarking = ProcessInfo.processInfo.environment["HK_SCALING_BENCH"] == "1"
    static let size = benchmarking ? (256, 512, 1024, 10) : (32, 16, 32, 4)

    /// One SGD step of a tanh MLP on squared error: new weights and the loss.
    static func step(_ xs: [Tensor]) -> [Tensor] {
        let (x, y) = (xs[0], xs[1])
        let (loss, grads) = valueAndGrad { (w: [Tensor]) in
            let error = matmul(tanh(matmul(x, w[0])), w[1]) - y
            return (error * error).mean()
        }([xs[2], xs[3]])
        return [xs[2] - 0.1 * grads[0], xs[3] - 0.1 * grads[1], loss]
    }

    static func run(devices: Int, inputs: [Tensor], steps: Int) throws -> (losses: [Float], weights: [Float], milliseconds: [Double]) {
        let mesh = try Mesh(cpuAxes: [("data", devices)])
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil))
        let whole = try NamedSharding(mesh, PartitionSpec())
        let f = jit(inShardings: [rows, rows, whole, whole], outShardings: [whole, whole, whole], step)
        var state = try zip(inputs, [rows, rows, whole, whole]).map { try ShardedTensor($0, sharding: $1) }
        var losses: [Float] = [], times: [Double] = []
        for _ in 0..<steps {
            let start = Date()
            let outputs = try f(state)
            try outputs[2].shards[0].blockUntilReady()
            times.append(Date().timeIntervalSince(start) * 1000)
            losses.append(try outputs[2].gathered().item(as: Float.self))
            state = [state[0], state[1], outputs[0], outputs[1]]
        }
        return (losses, try state[3].gathered().scalars(as: Float.self), times)
    }

    /// The per-device losses are means over 1/4 of the batch, all-reduced:
    /// another summation order than one device's, and the weights go
    /// through up to 20 steps of it: rtol 1e-5.
    @Test func aDataParallelStepOnFourDevicesMatchesOneDevice() throws {
        let (batch, input, hidden, output) = Self.size
        func ramp(_ shape: [Int], _ offset: Int) -> Tensor {
            let scale = Float(11 * shape[0])
            let values: [Float] = (0..<shape.reduce(1, *)).map { index in Float((index * 7 + offset) % 11 - 5) / scale }
            return Tensor(values, shape: shape)
        }
        let inputs = [ramp([batch, input], 0), ramp([batch, output], 3), ramp([input, hidden], 5), ramp([hidden, output], 1)]
        let steps = Self.benchmarking ? 21 : 5
        let one = try Self.run(devices: 1, inputs: inputs, steps: steps)
        let four = try Self.run(devices: 4, inputs: inputs, steps: steps)
        for (a, b) in zip(four.losses, one.losses) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
        #expect(zip(four.weights, one.weights).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        #expect(one.losses.last! < one.losses.first!, "the step trains")
        func summary(_ times: [Double]) -> String {
            let steady = times.dropFirst().sorted()
            return String(format: "first %.1f ms, best %.2f ms, median %.2f ms", times[0], steady.first!, steady[steady.count / 2])
        }
        print("sharded MLP step \(Self.size): 1 device \(summary(one.milliseconds)); 4 devices \(summary(four.milliseconds))")
    }
}
