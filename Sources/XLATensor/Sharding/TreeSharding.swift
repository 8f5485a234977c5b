/// How the leaves of one argument or result tree lie on a mesh, for the
/// tree form of a sharded `jit`: one sharding for the whole tree (JAX's
/// tree-prefix `in_shardings`, the prefix being the tree itself) or one per
/// leaf, in the tree's leaf order (``TensorTree/leaves``).
///
/// ```swift
/// let rows = try NamedSharding(mesh, PartitionSpec("data", nil)), whole = try NamedSharding(mesh, PartitionSpec())
/// let inShardings: [TreeSharding] = [.all(whole), .all(rows)]    // parameters replicated, the batch split by rows
/// let outSharding = TreeSharding.leaves([whole, rows])            // a result of two leaves
/// ```
public enum TreeSharding: Sendable, Hashable {
    /// Every leaf laid out as the one sharding.
    case all(NamedSharding)
    /// One sharding per leaf, in leaf order.
    case leaves([NamedSharding])

    /// One sharding for each of `count` leaves of `what` (`argument 1`).
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   per-leaf shardings are not `count`.
    func perLeaf(count: Int, what: String, location: String?) throws -> [NamedSharding] {
        switch self {
        case let .all(sharding): return Array(repeating: sharding, count: count)
        case let .leaves(shardings):
            guard shardings.count == count else {
                throw TensorError.invalidTransformation(
                    reason: "\(what) has \(count) leaves but \(shardings.count) leaf shardings were given", location: location)
            }
            return shardings
        }
    }
}
