import XLATensor

extension TensorTree {
    /// The structure description that `jit` keys compilations by.
    var structureKey: String {
        var key = ""
        appendStructure(to: &key)
        return key
    }

    /// This structure with leaves taken in order from `leaves`, which has
    /// one per leaf (poisoned leaves otherwise).
    func rebuilt(_ leaves: [Tensor]) -> Self {
        (try? unflatten(leaves)) ?? poisoned(self, "a transformation made \(leaves.count) leaves for a tree of \(self.leaves.count)")
    }
}

/// `tree` with every leaf poisoned by an invalid-use error saying `reason`
/// (recorded by the current trace, thrown where a value is read).
func poisoned<Tree: TensorTree>(_ tree: Tree, _ reason: String) -> Tree {
    let error = TensorError.invalidTransformation(reason: reason, location: nil)
    return tree.mapTensors { Tensor(failure: error, type: $0.type) }
}

/// The leaves of `tree` when it has `reference`'s structure; `nil` otherwise.
func leaves<Tree: TensorTree>(of tree: Tree, matching reference: Tree) -> [Tensor]? {
    tree.structureKey == reference.structureKey ? tree.leaves : nil
}

/// `updates` poisoned because `tree`, from an optimizer state, does not
/// have their type and structure.
func stateMismatch<Updates: TensorTree>(_ updates: Updates, _ tree: AnyTensorTree) -> Updates {
    let held = type(of: tree.base) == Updates.self ? tree.structureKey : "\(type(of: tree.base))"
    let given = type(of: tree.base) == Updates.self ? updates.structureKey : "\(Updates.self)"
    return poisoned(updates, "the optimizer state was initialized for \(held), but the updates are \(given)")
}

/// A tree of `params`' structure, shapes and dtypes filled with `value`
/// (`optax.tree.full_like`).
func fullLike<Tree: TensorTree>(_ params: Tree, _ value: Double) -> Tree {
    params.mapTensors { Tensor.full($0.shape, value, dtype: $0.dtype) }
}

/// A tree of zeros of `params`' structure, shapes and dtypes
/// (`optax.tree.zeros_like`).
func zerosLike<Tree: TensorTree>(_ params: Tree) -> Tree {
    fullLike(params, 0)
}
