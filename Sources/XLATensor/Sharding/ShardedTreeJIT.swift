import Synchronization

/// Compiles `function`, whose arguments and result are trees
/// (``TensorTree``, as the unsharded ``jit(donating:bucketing:file:line:_:)``
/// takes), for the devices of a mesh: `jax.jit(f, in_shardings=...,
/// out_shardings=...)` with a tree of shardings per argument. Each argument
/// is laid out as its entry of `inShardings` says (one sharding for all its
/// leaves, or one per leaf), the result as `outShardings`.
///
/// ```swift
/// let mesh = try Mesh(cpuAxes: [("data", 4)])
/// let rows = try NamedSharding(mesh, PartitionSpec("data", nil)), whole = try NamedSharding(mesh, PartitionSpec())
/// let predict = jit(inShardings: [.all(whole), .all(rows)], outShardings: .all(rows)) {
///     (params: [String: Tensor], x: Tensor) in tanh(matmul(x, params["w"]!) + params["b"]!)
/// }
/// let y = try predict(["w": w, "b": b], x)   // trees in, the result tree gathered to the host
/// ```
///
/// One flat sharded function (``jit(inShardings:outShardings:donating:file:line:_:)``)
/// is made per argument structure, so everything said there holds for each
/// leaf: the annotations, the padding of uneven dimensions, the captured
/// tensors replicated, one executable per list of leaf types.
public func jit<each Argument: TensorTree, Result: TensorTree>(
    inShardings: [TreeSharding], outShardings: TreeSharding, file: String = #fileID, line: Int = #line,
    _ function: @escaping (repeat each Argument) throws -> Result
) -> ShardedTreeFunction<repeat each Argument, Result> {
    ShardedTreeFunction(function: function, inShardings: inShardings, outShardings: outShardings, location: location(file, line))
}

/// A function on trees compiled for a mesh by the tree form of
/// `jit(inShardings:outShardings:)` (shardings given as ``TreeSharding``s).
/// Not `Sendable`: it keeps the closure it was given.
public final class ShardedTreeFunction<each Argument: TensorTree, Result: TensorTree> {
    private let function: (repeat each Argument) throws -> Result
    private let inShardings: [TreeSharding]
    private let outShardings: TreeSharding
    private let location: String?
    /// The flat sharded function of each argument structure seen.
    private let flat = Mutex<[String: Flat]>([:])

    /// The flat function of one argument structure, and the result tree its
    /// latest trace returned, whose structure the result leaves are put back into.
    private final class Flat: @unchecked Sendable {
        var function: ShardedFunction?
        var result: Result?
    }

    init(function: @escaping (repeat each Argument) throws -> Result, inShardings: [TreeSharding], outShardings: TreeSharding,
         location: String?) {
        self.function = function
        self.inShardings = inShardings
        self.outShardings = outShardings
        self.location = location
    }

    /// Lays the arguments' leaves out on the mesh, runs the function and
    /// gathers the result's leaves to the host, in the result's structure.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   `inShardings` has another count than the arguments, per-leaf
    ///   shardings another count than their tree's leaves, or the result's
    ///   leaves another count than `outShardings`' per-leaf shardings; as the
    ///   flat ``ShardedFunction`` otherwise.
    public func callAsFunction(_ arguments: repeat each Argument) throws -> Result {
        let (leaves, flat) = try prepare(repeat each arguments)
        let outputs = try flat.function!(leaves)
        guard let result = flat.result else {
            throw TensorError.invalidTransformation(reason: "the sharded function returned no traced result", location: location)
        }
        return result.replacingLeaves(with: outputs)
    }

    /// The annotated StableHLO the function compiles to for arguments like
    /// these (their leaves' types), as `jax.jit(...).lower(...).as_text()`.
    ///
    /// - Throws: as ``callAsFunction(_:)`` while tracing.
    public func lower(_ arguments: repeat each Argument) throws -> String {
        let (leaves, flat) = try prepare(repeat each arguments)
        return try flat.function!.lower(leaves.map(\.type))
    }

    /// The arguments' leaves in order, and the flat function of their structure (made on first sight).
    private func prepare(_ arguments: repeat each Argument) throws -> (leaves: [Tensor], flat: Flat) {
        var (leaves, counts, structure) = ([Tensor](), [Int](), "")
        for argument in repeat each arguments {
            argument.appendStructure(to: &structure)
            let before = leaves.count
            argument.appendLeaves(to: &leaves)
            counts.append(leaves.count - before)
        }
        if let known = flat.withLock({ $0[structure] }) { return (leaves, known) }
        guard counts.count == inShardings.count else {
            throw TensorError.invalidTransformation(
                reason: "the sharded function takes \(counts.count) arguments but \(inShardings.count) input shardings were given",
                location: location)
        }
        let shardings = try zip(inShardings, counts).enumerated().flatMap { index, entry in
            try entry.0.perLeaf(count: entry.1, what: "argument \(index)", location: location)
        }
        // The structure alone is kept (placeholder leaves), not the first call's values.
        let templates = (repeat Self.placeholders(each arguments))
        let made = Flat()
        let function = self.function
        made.function = ShardedFunction(
            function: { [unowned made] leaves in
                var offset = 0
                func rebuild<T: TensorTree>(_ template: T) -> T {
                    let count = template.leaves.count
                    defer { offset += count }
                    return template.replacingLeaves(with: Array(leaves[offset ..< offset + count]))
                }
                let result = try function(repeat rebuild(each templates))
                made.result = Self.placeholders(result)
                return result.leaves
            },
            inShardings: shardings, outShardings: flatOutShardings, manual: nil, location: location)
        flat.withLock { $0[structure] = made }
        return (leaves, made)
    }

    /// `outShardings` for the flat function: every result leaf alike, or one each.
    private var flatOutShardings: ShardedFunction.OutShardings {
        switch outShardings {
        case let .all(sharding): return .all(sharding)
        case let .leaves(shardings): return .each(shardings)
        }
    }

    /// `tree`'s structure: every leaf replaced by one host scalar (not a
    /// failed tensor, which would fail the trace it is made in).
    private static func placeholders<T: TensorTree>(_ tree: T) -> T {
        let leaf = Tensor(Float(0))
        return tree.mapTensors { _ in leaf }
    }
}
