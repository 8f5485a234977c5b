// Docs/Scaling.md: a data-parallel and a model-parallel matmul over 4 CPU
// devices of one process, then per-device code with shardMap and pmap, run
// by `swift run TensorExample`.
import XLATensor

/// Shards a batch over a 1-D mesh (flat lists, then trees), then an MLP over a 2 × 2 mesh.
func runScalingExample() throws {
    let mesh = try Mesh(cpuAxes: [("data", 4)])                      // 4 CPU devices, one process
    let rows = try NamedSharding(mesh, PartitionSpec("data", nil))  // batch split over "data"
    let whole = try NamedSharding(mesh, PartitionSpec())             // replicated
    let predict = jit(inShardings: [rows, whole], outShardings: [rows]) { xs in [tanh(matmul(xs[0], xs[1]))] }

    let x = Tensor((0..<24).map { Float($0) / 24 }, shape: [6, 4])   // 6 rows: padded to 8, 2 per device
    let w = Tensor((0..<12).map { Float($0 % 5) / 5 }, shape: [4, 3])
    let batch = try ShardedTensor(x, sharding: rows)
    let y = try predict([batch, try ShardedTensor(w, sharding: whole)])[0]
    print(y.shards.map(\.shape), y.paddedShape)                      // [[2, 3], [2, 3], [2, 3], [2, 3]] [8, 3]
    print(try y.gathered().shape)                                     // [8, 3]: rows 6 and 7 are padding

    // The same on trees: one sharding per argument tree (or one per leaf), the result a tree.
    let layer = jit(inShardings: [.all(whole), .all(rows)], outShardings: .all(rows)) {
        (params: [String: Tensor], x: Tensor) in tanh(matmul(x, params["w"]!) + params["b"]!)
    }
    print(try layer(["w": w, "b": Tensor([Float](repeating: 0.1, count: 3))], x).shape)   // [8, 3] (padded rows)

    // Model parallel (Megatron): hidden units split over "model", batch over "data".
    let grid = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
    let shard = { (spec: PartitionSpec) in try NamedSharding(grid, spec) }
    let mlp = jit(inShardings: [try shard(PartitionSpec("data", nil)), try shard(PartitionSpec(nil, "model")),
                                try shard(PartitionSpec("model", nil))],
                  outShardings: [try shard(PartitionSpec("data", nil))]) { xs in
        let hidden = withShardingConstraint(tanh(matmul(xs[0], xs[1])), try shard(PartitionSpec("data", "model")))
        return [matmul(hidden, xs[2])]                                // XLA all-reduces over "model"
    }
    let out = try mlp([Tensor([Float](repeating: 0.5, count: 32), shape: [8, 4]),
                       Tensor([Float](repeating: 0.25, count: 24), shape: [4, 6]),
                       Tensor([Float](repeating: 1, count: 12), shape: [6, 2])])[0]   // Tensors in: placed, run, gathered
    print(out.shape)                                                  // [8, 2]

    try runShardMapExample(mesh)
}

/// Per-device code: a data-parallel SGD step with `shardMap` + `pmean`, and `pmap`.
func runShardMapExample(_ mesh: Mesh) throws {
    // Each device computes the loss of its quarter of the batch; pmean averages
    // the losses over "data", and the gradient of that in the replicated w is
    // the mean of the devices' gradients (JAX's shard_map rule), the same on
    // every device.
    let step = try shardMap(mesh: mesh, inSpecs: [PartitionSpec("data", nil), PartitionSpec("data", nil), PartitionSpec()],
                            outSpecs: [PartitionSpec(), PartitionSpec()]) { xs in
        let (x, y, w) = (xs[0], xs[1], xs[2])
        let (loss, g) = valueAndGrad { (w: Tensor) in pmean(((matmul(x, w) - y) * (matmul(x, w) - y)).mean(), axisName: "data") }(w)
        return [w - 0.1 * g, loss]
    }
    let x = Tensor((0..<32).map { Float($0 % 5) / 5 }, shape: [8, 4])   // 8 rows: 2 per device
    let y = Tensor((0..<8).map { Float($0 % 3) }, shape: [8, 1])
    var w = Tensor([Float](repeating: 0, count: 4), shape: [4, 1])
    for _ in 0..<3 {
        let out = try step([x, y, w])
        w = out[0]
        print(try out[1].item(as: Float.self))                        // the loss of the whole batch, decreasing
    }

    // pmap: the leading dimension is the device axis.
    let centred = try pmap(try Mesh(cpuAxes: [("i", 4)])) { xs in [xs[0] - pmean(xs[0], axisName: "i")] }
    print(try centred([Tensor([1.0, 2, 3, 6])])[0].scalars(as: Float.self))   // [-2, -1, 0, 3]
}
