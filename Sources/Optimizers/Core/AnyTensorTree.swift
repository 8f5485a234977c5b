import XLATensor

/// A tree of the parameters' structure kept in an optimizer state (optax's
/// `mu`, `nu`, `trace`), whatever the parameters' type: the state's type
/// stays the same for Haiku's `Params`, a tensor or a user struct, so it can
/// be named in a `jit` signature. Haiku's `DeepRNN` keeps each core's
/// state so, whatever the core's state type.
///
/// The tree keeps its structure (dictionary keys, nesting), and `update`
/// reads it back as the updates' type; a tree of another type or structure
/// gives poisoned updates.
public struct AnyTensorTree: TensorTree {
    /// The tree itself.
    public let base: any TensorTree

    /// Wraps `tree`.
    public init<Tree: TensorTree>(_ tree: Tree) {
        base = tree
    }

    /// The wrapped tree with its leaves mapped.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> AnyTensorTree {
        try Self.mapping(base, transform)
    }

    /// `tree` with its leaves mapped, wrapped again (the tree's own type
    /// opened, so that its own `mapTensors` runs).
    private static func mapping<Tree: TensorTree>(
        _ tree: Tree, _ transform: (Tensor) throws -> Tensor
    ) rethrows -> AnyTensorTree {
        AnyTensorTree(try tree.mapTensors(transform))
    }

    /// The wrapped tree's structure.
    public func appendStructure(to key: inout String) {
        base.appendStructure(to: &key)
    }

    /// The wrapped tree's leaves.
    public func appendLeaves(to leaves: inout [Tensor]) {
        base.appendLeaves(to: &leaves)
    }

    /// The wrapped tree's leaves, when it has `reference`'s type and
    /// structure.
    func leaves<Reference: TensorTree>(matching reference: Reference) -> [Tensor]? {
        guard let tree = base as? Reference, tree.structureKey == reference.structureKey else { return nil }
        return tree.leaves
    }
}
