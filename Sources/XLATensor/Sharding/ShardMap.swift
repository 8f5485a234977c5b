import XLAIR
import XLARuntime
import XLATypes

/// Compiles per-device code for the devices of a mesh (`jax.shard_map`
/// under `jax.jit`): every device runs `function` on its own shard of each
/// argument, laid out as `inSpecs` say, and the results are its pieces of
/// the global results, laid out as `outSpecs` say. Inside, the collectives
/// (``psum(_:axisName:axisIndexGroups:file:line:)``, ``pmean(_:axisName:axisIndexGroups:file:line:)``,
/// ``pmax(_:axisName:file:line:)``, ``pmin(_:axisName:file:line:)``,
/// ``allGather(_:axisName:axis:file:line:)``, ``psumScatter(_:axisName:axis:file:line:)``,
/// ``ppermute(_:axisName:permutation:file:line:)``) and ``axisIndex(axisName:file:line:)``
/// take the mesh's axis names and combine the devices along that axis.
///
/// ```swift
/// let mesh = try Mesh(cpuAxes: [("data", 4)])
/// let total = try shardMap(mesh: mesh, inSpecs: [PartitionSpec("data")], outSpecs: [PartitionSpec()]) { xs in
///     [psum(xs[0].sum(), axisName: "data")]        // each device sums its rows, then all four sums are added
/// }
/// try total([x])[0]                                  // x.sum()
/// ```
///
/// It lowers to Shardy's `sdy.manual_computation` over every mesh axis, with
/// each collective a StableHLO collective over dense `replica_groups` of
/// partitions, as JAX does. A dimension a spec splits must divide evenly
/// (JAX's rule; `jit(inShardings:outShardings:)` pads instead). A result
/// whose spec leaves out an axis is taken to be the same on every device
/// along it (JAX's `check_vma=False`: it is not checked).
///
/// Gradients taken inside (`grad` of per-device code) follow JAX's
/// `shard_map`: each traced value varies over the mesh axes its inputs are
/// split over (a replicated argument over none), and the gradient of a value
/// that does not vary over an axis is summed over the devices along it. So
/// `grad` of each device's loss gives a replicated parameter the sum of the
/// devices' gradients, and `grad` of `pmean(loss)` their mean; `psum` and
/// `pmean` of a varying value transpose to the cotangent (over the axis
/// size). A `while`/`cond`/`scan` body holding a collective over a mesh axis
/// is not differentiable here (a typed error). `pmap` keeps per-device
/// gradients, as JAX's does (see `Docs/Scaling.md`).
///
/// `donating` lists arguments whose shards the program may reuse for its
/// results, as for ``jit(inShardings:outShardings:donating:file:line:_:)``.
///
/// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when a
///   spec names an axis the mesh does not have, or one axis twice.
public func shardMap(mesh: Mesh, inSpecs: [PartitionSpec], outSpecs: [PartitionSpec], donating: Set<Int> = [],
                     file: String = #fileID, line: Int = #line,
                     _ function: @escaping ([Tensor]) throws -> [Tensor]) throws -> ShardedFunction {
    let inShardings = try inSpecs.map { try NamedSharding(mesh, $0, file: file, line: line) }
    let outShardings = try outSpecs.map { try NamedSharding(mesh, $0, file: file, line: line) }
    return ShardedFunction(function: perDevice(function, mesh: mesh, argumentCount: inSpecs.count, inSpecs: inSpecs),
                           inShardings: inShardings,
                           outShardings: .each(outShardings), manual: mesh, donated: donating, location: location(file, line))
}

/// `function` on the first `argumentCount` arguments, with every axis of
/// `mesh` bound to the device's index along it: the arguments after them,
/// one int32 `[1]` shard per axis (see ``ShardedFunction/indexShardings(_:)``).
/// With `inSpecs` (one per argument), gradients inside follow JAX's
/// `shard_map` (see ``PerDeviceTrace``); without (`pmap`), they stay per device.
func perDevice(_ function: @escaping ([Tensor]) throws -> [Tensor], mesh: Mesh, argumentCount: Int,
               inSpecs: [PartitionSpec]? = nil) -> ([Tensor]) throws -> [Tensor] {
    { arguments in
        let axes = mesh.axisNames.indices.map { axis in
            AxisEnvironment.Axis(name: mesh.axisNames[axis], size: mesh.shape[axis], index: arguments[argumentCount + axis].reshaped([]),
                                 devices: DeviceGroups(mesh.fibers(ofAxis: axis)))
        }
        let perDeviceTrace = inSpecs.flatMap { specs in
            TracingContext.current.map { trace in
                PerDeviceTrace(trace: ObjectIdentifier(trace), parameters: varyingParameters(arguments, specs: specs, mesh: mesh, in: trace),
                               axisNames: mesh.axisNames)
            }
        }
        return try PerDeviceTrace.$current.withValue(perDeviceTrace) {
            try AxisEnvironment.$axes.withValue(AxisEnvironment.axes + axes) { try function(Array(arguments.prefix(argumentCount))) }
        }
    }
}

/// The mesh axes each traced parameter of per-device code varies over, by
/// id: an argument over the axes its spec splits it over, the axis indices
/// after them over their own axis.
private func varyingParameters(_ arguments: [Tensor], specs: [PartitionSpec], mesh: Mesh, in trace: TracingContext) -> [Int: Set<String>] {
    let axes = specs.map { Set($0.dimensions.flatMap(\.axes)) } + mesh.axisNames.map { Set([$0]) }
    var parameters: [Int: Set<String>] = [:]
    for (argument, axes) in zip(arguments, axes) {
        if case let .traced(value, origin) = argument.storage, origin === trace { parameters[value.id] = axes }
    }
    return parameters
}

extension ShardedFunction {
    /// The layouts of the axis-index arguments of per-device code: for each
    /// mesh axis, an iota over the axis split along it, so that each device
    /// holds its own index.
    static func indexShardings(_ mesh: Mesh) throws -> [NamedSharding] {
        try mesh.axisNames.map { try NamedSharding(mesh, PartitionSpec(PartitionSpec.Dimension([$0]))) }
    }

    /// The global types of the axis-index arguments: int32 `[axis size]`.
    static func indexTypes(_ mesh: Mesh) -> [TensorType] {
        mesh.shape.map { TensorType(.int32, [$0]) }
    }

    /// Each device's axis-index arguments: its coordinate along every axis.
    ///
    /// - Throws: a runtime error when a copy fails.
    static func indexBuffers(_ mesh: Mesh) throws -> [[Buffer]] {
        try mesh.devices.indices.map { position in
            try mesh.coordinates(ofPosition: position).map { coordinate in
                try withUnsafeBytes(of: Int32(coordinate)) {
                    try mesh.client.buffer(bytes: $0, type: TensorType(.int32, [1]), on: mesh.devices[position])
                }
            }
        }
    }

    /// Checks that `sharding` splits every dimension of argument `index`,
    /// of type `type`, evenly, as per-device code needs.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` naming the dimension.
    func checkDivides(_ type: TensorType, _ sharding: NamedSharding, index: Int) throws {
        for (dimension, size) in type.shape.enumerated() where size % sharding.ways(ofDimension: dimension) != 0 {
            throw TensorError.invalidTransformation(
                reason: "shardMap: argument \(index), \(type), has dimension \(dimension) of size \(size), which the \(sharding.spec) "
                    + "does not split evenly over \(sharding.ways(ofDimension: dimension)) devices",
                location: location)
        }
    }
}
