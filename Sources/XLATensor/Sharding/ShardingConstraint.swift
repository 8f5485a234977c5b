import XLAIR

/// The mesh of the sharded `jit` being traced, if any: the only mesh whose
/// shardings a constraint inside the function may name.
enum ShardingScope {
    /// The name every sharded program gives its mesh (`sdy.mesh @mesh`).
    static let meshName = "mesh"
    /// The mesh of the sharded function being traced.
    @TaskLocal static var mesh: Mesh?
}

/// `x` unchanged, laid out as `sharding` says at this point of a function
/// compiled by ``jit(inShardings:outShardings:donating:file:line:_:)``
/// (`jax.lax.with_sharding_constraint`): XLA's partitioner moves the data
/// where needed. Outside any trace it returns `x` as it is (a layout hint
/// only: the values are the same). Its gradient is the cotangent.
///
/// ```swift
/// let hidden = withShardingConstraint(tanh(matmul(x, w1)), try NamedSharding(mesh, PartitionSpec("data", "model")))
/// ```
///
/// Inside a trace that is not a sharded `jit` over the sharding's mesh, or
/// with more spec entries than `x` has dimensions, the result is poisoned
/// with a typed error. Not batchable by `vmap`.
public func withShardingConstraint(_ x: Tensor, _ sharding: NamedSharding, file: String = #fileID, line: Int = #line) -> Tensor {
    guard TracingContext.current != nil else { return x }
    let place = location(file, line)
    guard ShardingScope.mesh == sharding.mesh else {
        return Tensor.invalid("withShardingConstraint", [x],
                              "it can only be used inside jit(inShardings:outShardings:) over the sharding's mesh",
                              location: place, result: x.type)
    }
    guard sharding.spec.dimensions.count <= x.rank else {
        return Tensor.invalid("withShardingConstraint", [x], "\(sharding.spec) has more entries than the \(x.rank) dimensions",
                              location: place, result: x.type)
    }
    let text = sharding.shardyValue(rank: x.rank, meshName: ShardingScope.meshName)
    return Tensor.apply(.shardingConstraint, [x], attributes: ["sharding": .string(text)], location: place,
                        fallback: x.type).weak(x.isWeak)
}
