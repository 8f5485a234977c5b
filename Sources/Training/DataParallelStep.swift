import Haiku

/// A training step run data-parallel over the CPU devices of this process
/// (``TrainingConfiguration/devices``): each device takes its share of the
/// batch's rows, the parameters and optimizer state are replicated, and the
/// gradient is that of the mean of the devices' losses (`shardMap`, whose
/// gradients follow JAX's `shard_map`: the replicated parameters' gradient
/// is the mean of the devices' gradients), so every device applies the
/// update one device would make on the whole batch.
final class DataParallelStep<State: TensorTree> {
    /// What one step does on one device's share: the next state and the
    /// loss, its data term averaged over the devices by the function it is given.
    typealias Step = (State, Tensor, Tensor, @escaping (Tensor) -> Tensor) throws -> (State, Tensor)

    private let function: ShardedFunction

    /// The step over `devices` CPU devices, for states shaped like `template`.
    ///
    /// - Throws: a runtime error when the devices cannot be had.
    init(devices: Int, template: Flattened<State>, step: @escaping Step) throws {
        let mesh = try Mesh(cpuAxes: [("data", devices)])
        let count = template.leaves.count
        let rows = PartitionSpec("data"), whole = PartitionSpec()
        function = try shardMap(mesh: mesh, inSpecs: [rows, rows] + Array(repeating: whole, count: count),
                                outSpecs: Array(repeating: whole, count: count + 1)) { xs in
            let state = Self.replacingLeaves(of: template, with: Array(xs[2...]))
            let (next, loss) = try step(state.tree, xs[0], xs[1]) { pmean($0, axisName: "data") }
            return Flattened(next).leaves + [loss]
        }
    }

    /// One step on a batch whose rows split evenly over the devices: the
    /// next state and the loss before the update.
    ///
    /// - Throws: a `TensorError` when the batch does not split evenly;
    ///   runtime errors.
    func callAsFunction(_ state: Flattened<State>, _ images: Tensor, _ labels: Tensor) throws -> (state: Flattened<State>, loss: Tensor) {
        let outputs = try function([images, labels] + state.leaves)
        return (Self.replacingLeaves(of: state, with: Array(outputs.dropLast())), outputs[outputs.count - 1])
    }

    /// `state` with its leaves, in order, replaced by `leaves` (as many).
    private static func replacingLeaves(of state: Flattened<State>, with leaves: [Tensor]) -> Flattened<State> {
        var index = 0
        return state.mapTensors { _ in
            defer { index += 1 }
            return leaves[index]
        }
    }
}
