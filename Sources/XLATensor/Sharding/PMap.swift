/// Maps `function` over the devices of a one-axis mesh (`jax.pmap`), as
/// sugar over ``shardMap(mesh:inSpecs:outSpecs:donating:file:line:_:)``: every
/// argument's leading dimension has one entry per device, each device runs
/// `function` on its own entry (without that dimension), and the results are
/// stacked back along a new leading dimension. Collectives take the mesh's
/// axis name.
///
/// ```swift
/// let mesh = try Mesh(cpuAxes: [("i", 4)])
/// let centred = try pmap(mesh) { xs in [xs[0] - pmean(xs[0], axisName: "i")] }
/// try centred([x])[0]                 // x: [4, ...], each row minus the mean row
/// ```
///
/// As JAX 0.11 does, it compiles to partitions, not replicas. Gradients
/// taken inside are per device, as under JAX's `pmap` (`psum` transposes to
/// `psum`; a data-parallel step averages gradients with `pmean`), not
/// summed as `shardMap`'s are.
///
/// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
///   the mesh has more than one axis.
public func pmap(_ mesh: Mesh, file: String = #fileID, line: Int = #line,
                 _ function: @escaping ([Tensor]) throws -> [Tensor]) throws -> PMapFunction {
    guard mesh.axisNames.count == 1 else {
        throw TensorError.invalidTransformation(reason: "pmap maps over a mesh with one axis, not \(mesh.axisNames)",
                                                location: location(file, line))
    }
    return PMapFunction(mesh: mesh, function: function, location: location(file, line))
}

/// A function mapped over a mesh's devices by ``pmap(_:file:line:_:)``;
/// one sharded function per argument count.
public final class PMapFunction {
    private let mesh: Mesh
    private let function: ([Tensor]) throws -> [Tensor]
    private let location: String?
    private var byArgumentCount: [Int: ShardedFunction] = [:]

    init(mesh: Mesh, function: @escaping ([Tensor]) throws -> [Tensor], location: String?) {
        (self.mesh, self.function, self.location) = (mesh, function, location)
    }

    /// Runs the function on every device, device `i` on entry `i` of every
    /// argument, and stacks the results.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   an argument is a scalar or its leading dimension is not the device
    ///   count; the function's own errors; runtime errors.
    public func callAsFunction(_ arguments: [Tensor]) throws -> [Tensor] {
        for (index, argument) in arguments.enumerated() where argument.shape.first != mesh.size {
            throw TensorError.invalidTransformation(
                reason: "pmap: argument \(index) of shape \(argument.shape) needs a leading dimension of \(mesh.size), one entry per device",
                location: location)
        }
        return try sharded(arguments.count)(arguments)
    }

    /// The shard-mapped function for `count` arguments.
    private func sharded(_ count: Int) throws -> ShardedFunction {
        if let known = byArgumentCount[count] { return known }
        let axis = PartitionSpec.Dimension([mesh.axisNames[0]])
        let whole = try NamedSharding(mesh, PartitionSpec(axis))
        let function = self.function
        let perEntry: ([Tensor]) throws -> [Tensor] = { shards in
            try function(shards.map { $0.reshaped(Array($0.shape.dropFirst())) }).map { $0.reshaped([1] + $0.shape) }
        }
        let sharded = ShardedFunction(function: perDevice(perEntry, mesh: mesh, argumentCount: count),
                                      inShardings: Array(repeating: whole, count: count), outShardings: .all(whole),
                                      manual: mesh, location: location)
        byArgumentCount[count] = sharded
        return sharded
    }
}
