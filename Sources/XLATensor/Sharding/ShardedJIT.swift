import Synchronization
import XLAIR
import XLARuntime
import XLATypes

/// Compiles `function` for the devices of a mesh, as
/// `jax.jit(f, in_shardings=..., out_shardings=...)` does: the function is
/// written on global arrays, the arguments and results are laid out as
/// `inShardings` and `outShardings` say, and XLA's SPMD partitioner (Shardy)
/// splits the program and inserts the collectives.
///
/// ```swift
/// let mesh = try Mesh(cpuAxes: [("data", 4)])
/// let rows = try NamedSharding(mesh, PartitionSpec("data", nil))
/// let whole = try NamedSharding(mesh, PartitionSpec())
/// let step = jit(inShardings: [rows, whole], outShardings: [rows]) { xs in [matmul(xs[0], xs[1])] }
/// let y = try step([x, w])   // Tensors in, Tensors out; ShardedTensors keep results on the devices
/// ```
///
/// Every argument and result is annotated (`sdy.sharding`), so no layout is
/// left to propagation. Tensors the function captures are replicated.
///
/// `donating` lists arguments whose shards the program may reuse for its
/// results (JAX's `donate_argnums`): after a call with ``ShardedTensor``
/// arguments their buffers are consumed, and passing them again is a
/// ``TensorError/runtime(_:)`` error (`XLAError.bufferDonated`). A step
/// that returns its state in the state's layout then updates it in place
/// on every device.
public func jit(inShardings: [NamedSharding], outShardings: [NamedSharding], donating: Set<Int> = [],
                file: String = #fileID, line: Int = #line,
                _ function: @escaping ([Tensor]) throws -> [Tensor]) -> ShardedFunction {
    ShardedFunction(function: function, inShardings: inShardings, outShardings: .each(outShardings), manual: nil,
                    donated: donating, location: location(file, line))
}

/// A function compiled for a mesh by ``jit(inShardings:outShardings:donating:file:line:_:)``
/// or ``shardMap(mesh:inSpecs:outSpecs:donating:file:line:_:)``: one executable per
/// list of argument types, run on every device of the mesh; the 256 most
/// recently called are kept compiled, as ``JITFunction`` does.
public final class ShardedFunction {
    private let traced: JITFunction<[Tensor], [Tensor]>
    private let inShardings: [NamedSharding]
    private let outShardings: OutShardings
    /// The arguments whose shards the program consumes.
    private let donated: Set<Int>
    /// The mesh whose axes the function handles itself (`shardMap`), or nil
    /// when it is written on global arrays (`jit`).
    let manual: Mesh?
    let location: String?
    private let compiled = Mutex(LRUCache<[TensorType], Compiled>(capacity: JITFunction<[Tensor], [Tensor]>.defaultCacheCapacity))
    /// The argument types of the latest compile, for the next compile's report.
    let lastCompiledTypes = Mutex<[TensorType]?>(nil)

    /// The layouts of the results: one per result, or one for every result
    /// however many the function returns (`pmap`).
    enum OutShardings {
        case each([NamedSharding])
        case all(NamedSharding)
    }

    /// One compiled signature: the executable, the extra buffers each device
    /// gets after the arguments (its axis indices under `shardMap`, then the
    /// captured tensors' copies), and the global result types and layouts.
    private final class Compiled: @unchecked Sendable {
        let executable: Executable
        let extra: [[Buffer]]
        let results: [TensorType]
        let resultShardings: [NamedSharding]

        init(executable: Executable, extra: [[Buffer]], results: [TensorType], resultShardings: [NamedSharding]) {
            (self.executable, self.extra, self.results, self.resultShardings) = (executable, extra, results, resultShardings)
        }
    }

    init(function: @escaping ([Tensor]) throws -> [Tensor], inShardings: [NamedSharding], outShardings: OutShardings,
         manual: Mesh?, donated: Set<Int> = [], location: String?) {
        traced = JITFunction(function: function, donated: [], location: location)
        self.inShardings = inShardings
        self.outShardings = outShardings
        self.manual = manual
        self.donated = donated
        self.location = location
    }

    /// The result layouts for `count` results.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   the function returns another number of results than were given.
    private func resultShardings(count: Int) throws -> [NamedSharding] {
        switch outShardings {
        case let .all(sharding): return Array(repeating: sharding, count: count)
        case let .each(shardings):
            guard count == shardings.count else {
                throw TensorError.invalidTransformation(
                    reason: "the function returns \(count) results but \(shardings.count) output shardings were given",
                    location: location)
            }
            return shardings
        }
    }

    /// The mesh every sharding is on.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   there is no sharding or they lie on different meshes.
    private func mesh() throws -> Mesh {
        let given: [NamedSharding]
        switch outShardings {
        case let .each(shardings): given = inShardings + shardings
        case let .all(sharding): given = inShardings + [sharding]
        }
        guard let mesh = manual ?? given.first?.mesh else {
            throw TensorError.invalidTransformation(reason: "a sharded jit needs at least one sharding", location: location)
        }
        guard given.allSatisfy({ $0.mesh == mesh }) else {
            throw TensorError.invalidTransformation(reason: "the shardings of a sharded jit must all use one mesh", location: location)
        }
        return mesh
    }

    /// Runs the function on arrays already laid out on the mesh; the
    /// results stay there, laid out as `outShardings` say.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   the argument count or an argument's sharding differs from
    ///   `inShardings`, a donated argument is not one of them, or the
    ///   function returns another number of results than `outShardings` has
    ///   or a result of too low a rank; a ``TensorError/runtime(_:)`` error
    ///   for an argument donated by an earlier call; the function's own
    ///   errors; runtime errors.
    public func callAsFunction(_ arguments: [ShardedTensor]) throws -> [ShardedTensor] {
        guard arguments.count == inShardings.count else {
            throw TensorError.invalidTransformation(
                reason: "the sharded function takes \(inShardings.count) arguments (one per input sharding) but was given \(arguments.count)",
                location: location)
        }
        for (index, (argument, sharding)) in zip(arguments, inShardings).enumerated() where argument.sharding != sharding {
            throw TensorError.invalidTransformation(
                reason: "argument \(index) is laid out as \(argument.sharding), but the function takes it as \(sharding)",
                location: location)
        }
        let types = arguments.map { TensorType($0.type.elementType, $0.paddedShape) }
        if manual != nil {
            for (index, argument) in arguments.enumerated() { try checkDivides(argument.type, argument.sharding, index: index) }
        }
        let program = try compiled.withLock { $0.value(for: types) } ?? compile(types)
        let mesh = try mesh()
        let lists = mesh.devices.indices.map { position in arguments.map { $0.shards[position] } + program.extra[position] }
        let outputs: [[Buffer]]
        do { outputs = try program.executable.execute(replicated: lists) } catch { throw TensorError(error) }
        return program.results.indices.map { result in
            ShardedTensor(type: program.results[result], sharding: program.resultShardings[result], shards: outputs.map { $0[result] })
        }
    }

    /// Places `arguments` on the mesh as `inShardings` say, runs the
    /// function and gathers its results to the host.
    ///
    /// - Throws: as ``callAsFunction(_:)-([ShardedTensor])`` and ``ShardedTensor/init(_:sharding:file:line:)``.
    public func callAsFunction(_ arguments: [Tensor]) throws -> [Tensor] {
        guard arguments.count == inShardings.count else {
            throw TensorError.invalidTransformation(
                reason: "the sharded function takes \(inShardings.count) arguments (one per input sharding) but was given \(arguments.count)",
                location: location)
        }
        let placed = try zip(arguments, inShardings).map { try ShardedTensor($0, sharding: $1) }
        return try callAsFunction(placed).map { try $0.gathered() }
    }

    /// The annotated StableHLO the function compiles to for arguments of
    /// these global (padded) types, as `jax.jit(...).lower(...).as_text()`.
    ///
    /// - Throws: as ``callAsFunction(_:)-([ShardedTensor])`` while tracing.
    public func lower(_ types: [TensorType]) throws -> String {
        if manual != nil {
            for (index, (type, sharding)) in zip(types, inShardings).enumerated() { try checkDivides(type, sharding, index: index) }
        }
        return try lowered(types).text
    }

    private func lowered(_ types: [TensorType]) throws
        -> (text: String, captured: [Buffer], results: [TensorType], resultShardings: [NamedSharding], traceTime: Duration) {
        let mesh = try mesh()
        guard types.count == inShardings.count else {
            throw TensorError.invalidTransformation(
                reason: "the sharded function takes \(inShardings.count) arguments (one per input sharding) but was given \(types.count)",
                location: location)
        }
        for (index, (type, sharding)) in zip(types, inShardings).enumerated() {
            try sharding.check(rank: type.shape.count, what: "argument \(index), \(type),", location: location)
        }
        if let outside = donated.sorted().first(where: { !inShardings.indices.contains($0) }) {
            throw TensorError.invalidTransformation(
                reason: "the sharded function donates argument \(outside), but it takes \(inShardings.count) arguments", location: location)
        }
        // Under shardMap the function sees each device's shard, and after
        // the arguments one axis index per mesh axis (see ShardMap.swift).
        let shardings = try inShardings + (manual.map(ShardedFunction.indexShardings) ?? [])
        let globalTypes = types + (manual.map(ShardedFunction.indexTypes) ?? [])
        let placeholders = zip(globalTypes, shardings).map { type, sharding in
            Tensor(failure: .invalidTransformation(reason: "a placeholder for tracing", location: location),
                   type: manual == nil ? type : TensorType(type.elementType, sharding.shardShape(type.shape)))
        }
        let traceStart = ContinuousClock.now
        let (lowered, captured, output) = try ShardingScope.$mesh.withValue(manual == nil ? mesh : nil) {
            try traced.trace(placeholders)
        }
        let traceTime = ContinuousClock.now - traceStart - lowered.passesTime
        let outShardings = try resultShardings(count: output.count)
        for (index, (result, sharding)) in zip(output, outShardings).enumerated() {
            try sharding.check(rank: result.rank, what: "result \(index), \(result.type),", location: location)
        }
        let results = zip(output, outShardings).map { result, sharding in
            manual == nil ? result.type : sharding.globalType(ofShard: result.type)
        }
        let meshName = ShardingScope.meshName
        let replicated = try NamedSharding(mesh, PartitionSpec())
        let parameterShardings = shardings + Array(repeating: replicated, count: captured.count)
        let parameterTypes = globalTypes + captured.map(\.type)
        var annotations = MainAnnotations(moduleLines: [mesh.shardyDeclaration(name: meshName)])
        for (index, (sharding, type)) in zip(parameterShardings, parameterTypes).enumerated() {
            annotations.parameters[index] = (donated.contains(index) ? "jax.buffer_donor = true, " : "")
                + sharding.shardyAttribute(rank: type.shape.count, meshName: meshName)
        }
        for (index, (sharding, result)) in zip(outShardings, results).enumerated() {
            annotations.results[index] = sharding.shardyAttribute(rank: result.shape.count, meshName: meshName)
        }
        if manual != nil {
            annotations.manual = ManualComputation(
                parameterTypes: parameterTypes, resultTypes: results,
                inShardings: zip(parameterShardings, parameterTypes).map { $0.shardyList(rank: $1.shape.count, meshName: meshName) },
                outShardings: zip(outShardings, results).map { $0.shardyList(rank: $1.shape.count, meshName: meshName) },
                manualAxes: mesh.axisNames)
        }
        let text: String
        do { text = try lowered.program.stableHLO(annotating: annotations, for: lowered.target) } catch { throw TensorError(error) }
        return (text, captured, results, outShardings, traceTime)
    }

    private func compile(_ types: [TensorType]) throws -> Compiled {
        let start = ContinuousClock.now
        let mesh = try mesh()
        let (text, captured, results, resultShardings, traceTime) = try lowered(types)
        let loweringTime = ContinuousClock.now - start - traceTime
        // Per-device code is partitioned even on one device, where XLA would
        // otherwise compile the manual computation without its partitioner.
        let options = CompileOptions(partitions: mesh.size, useSPMDPartitioning: manual != nil || mesh.size > 1,
                                     useShardyPartitioner: true, deviceAssignment: mesh.devices.map(\.id))
        do {
            let (executable, outcome) = try mesh.client.compileWithOutcome(text, options: options)
            let copies = try captured.map { buffer in
                let bytes = try buffer.toBytes()
                return try mesh.devices.map { device in
                    try bytes.withUnsafeBytes { try mesh.client.buffer(bytes: $0, type: buffer.type, on: device) }
                }
            }
            let indices = try manual.map(ShardedFunction.indexBuffers) ?? mesh.devices.map { _ in [] }
            let program = Compiled(executable: executable,
                                   extra: mesh.devices.indices.map { position in indices[position] + copies.map { $0[position] } },
                                   results: results, resultShardings: resultShardings)
            compiled.withLock { $0.insert(program, for: types) }
            reportCompile(types, traceTime: traceTime, loweringTime: loweringTime, outcome: outcome)
            return program
        } catch {
            throw TensorError(error)
        }
    }
}
