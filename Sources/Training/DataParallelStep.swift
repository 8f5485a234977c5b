import Haiku

/// A training step run data-parallel over the CPU devices of this process
/// (``TrainingConfiguration/devices``): each device takes its share of the
/// batch's rows, the parameters and optimizer state are replicated, and the
/// gradient is that of the mean of the devices' losses (`shardMap`, whose
/// gradients follow JAX's `shard_map`: the replicated parameters' gradient
/// is the mean of the devices' gradients), so every device applies the
/// update one device would make on the whole batch.
///
/// The state stays on the devices between steps (``place(_:)`` once, then
/// each step takes the last one's output and donates it, so the devices
/// update it in place); ``gather(_:)`` copies it to the host when it is read.
final class DataParallelStep<State: TensorTree> {
    /// The name of the mesh axis the devices lie along, for the collectives
    /// of the step (batch norm's `crossReplicaAxis`).
    static var axisName: String { "data" }

    private let function: ShardedFunction
    /// How the state's leaves lie on the devices: whole on each.
    private let replicated: NamedSharding
    /// How the images and labels lie on the devices: split by rows.
    private let batch: NamedSharding
    /// The state's structure, for rebuilding it from its leaves.
    private let template: Flattened<State>

    /// The step over `devices` CPU devices, for states shaped like `template`.
    ///
    /// - Throws: a runtime error when the devices cannot be had.
    init(devices: Int, template: Flattened<State>, step: @escaping TrainingUpdate<State>) throws {
        let mesh = try Mesh(cpuAxes: [(Self.axisName, devices)])
        let count = template.leaves.count
        let rows = PartitionSpec(PartitionSpec.Dimension([Self.axisName])), whole = PartitionSpec()
        function = try shardMap(mesh: mesh, inSpecs: [rows, rows] + Array(repeating: whole, count: count),
                                outSpecs: Array(repeating: whole, count: count + 1), donating: Set(2 ..< 2 + count)) { xs in
            let state = Self.replacingLeaves(of: template, with: Array(xs[2...]))
            let (next, loss) = try step(state.tree, xs[0], xs[1]) { pmean($0, axisName: Self.axisName) }
            return Flattened(next).leaves + [loss]
        }
        replicated = try NamedSharding(mesh, whole)
        batch = try NamedSharding(mesh, rows)
        self.template = template
    }

    /// `state`'s leaves copied whole to every device, ready for a step.
    ///
    /// - Throws: a leaf's own error; a runtime error when a copy fails.
    func place(_ state: Flattened<State>) throws -> [ShardedTensor] {
        try state.leaves.map { try ShardedTensor($0, sharding: replicated) }
    }

    /// The state whose leaves are `leaves` (as ``place(_:)`` or a step
    /// returned them), copied to the host from the first device. A leaf that
    /// cannot be read (its step failed) becomes a tensor that throws that
    /// error when used.
    func gather(_ leaves: [ShardedTensor]) -> Flattened<State> {
        Self.replacingLeaves(of: template, with: leaves.map { leaf in
            do { return try leaf.gathered() } catch {
                return Tensor(failure: error as? TensorError ?? .invalidTransformation(reason: "\(error)", location: nil), type: leaf.type)
            }
        })
    }

    /// One step on a batch whose rows split evenly over the devices, from
    /// the state `leaves` on the devices (consumed: their buffers are reused
    /// for the result): the next state on the devices and the loss before
    /// the update, read from the first device.
    ///
    /// - Throws: a `TensorError` when the batch does not split evenly or
    ///   `leaves` were consumed by an earlier step; runtime errors.
    func callAsFunction(_ leaves: [ShardedTensor], _ images: Tensor, _ labels: Tensor) throws -> (state: [ShardedTensor], loss: Tensor) {
        let outputs = try function([ShardedTensor(images, sharding: batch), ShardedTensor(labels, sharding: batch)] + leaves)
        return (Array(outputs.dropLast()), try outputs[outputs.count - 1].gathered())
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
