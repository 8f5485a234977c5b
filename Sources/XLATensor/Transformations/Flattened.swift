/// A tree kept as its leaves and its structure, as `jax.tree.flatten`
/// returns them, so that passing it to a ``JITFunction`` costs no tree walk.
///
/// `jit` takes its arguments apart and builds its results on every call.
/// For a tree of dictionaries (Haiku's `Params`, an optimizer state) that
/// walk costs tens of microseconds; a `Flattened` tree is already apart:
/// its structure is described once, when it is made, and a call only
/// copies its leaf array. A training loop keeps its state flattened
/// between steps and rebuilds the tree only when it reads it:
///
/// ```swift
/// struct Step: TensorTree {
///     var state: Flattened<[String: Tensor]>
///     var loss: Tensor
///     func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Step {
///         Step(state: try state.mapTensors(transform), loss: try transform(loss))
///     }
/// }
/// let step = jit(donating: [0]) { (state: Flattened<[String: Tensor]>, x: Tensor) -> Step in
///     let w = state.tree["w"]!
///     let loss = (x * w).sum()
///     return Step(state: Flattened(["w": w - 0.1 * x]), loss: loss)
/// }
/// var state = Flattened(["w": Tensor([1.0, 2])])
/// for _ in 0..<3 { state = try step(state, Tensor([0.5, 0.5])).state }
/// let w = state.tree["w"]!
/// ```
///
/// Inside a traced function `tree` rebuilds the tree from traced leaves;
/// outside, from concrete ones. The results are the same bits either way:
/// the compiled program is the same as for the tree itself.
public struct Flattened<Tree: TensorTree>: TensorTree {
    /// The tree's leaves, in ``TensorTree/mapTensors(_:)``'s order.
    public private(set) var leaves: [Tensor]
    /// The structure, shared by every tree flattened from the same one and
    /// by everything `mapTensors` makes from it.
    private let structure: TreeStructure<Tree>

    /// Takes `tree` apart.
    public init(_ tree: Tree) {
        leaves = tree.leaves
        structure = TreeStructure(tree)
    }

    private init(leaves: [Tensor], structure: TreeStructure<Tree>) {
        self.leaves = leaves
        self.structure = structure
    }

    /// The tree, rebuilt from the leaves; setting it flattens the new tree.
    public var tree: Tree {
        get { structure.template.replacingLeaves(with: leaves) }
        set { self = Flattened(newValue) }
    }

    /// The same structure with each leaf mapped.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Flattened {
        Flattened(leaves: try leaves.map(transform), structure: structure)
    }

    /// The tree's structure, as described when it was flattened.
    public func appendStructure(to key: inout String) { key += structure.description }

    /// The leaves, without a tree walk.
    public func appendLeaves(to leaves: inout [Tensor]) { leaves += self.leaves }
}

/// A tree's structure: its description and a copy whose leaves are
/// placeholders (so that it holds no device memory), to rebuild the tree.
private final class TreeStructure<Tree: TensorTree> {
    let template: Tree
    let description: String

    init(_ tree: Tree) {
        var description = ""
        tree.appendStructure(to: &description)
        self.description = description
        let placeholder = TensorError.invalidTransformation(
            reason: "a Flattened tree's structure holds no values; read its leaves", location: nil)
        template = tree.mapTensors { .poisoned(placeholder, type: $0.type) }
    }
}
