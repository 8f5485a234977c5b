import XLATensor

/// Whether every element of every tensor of `tree` is finite, as a boolean
/// scalar (jmp's `all_finite`); true for a tree without tensors.
public func allFinite<Tree: TensorTree>(_ tree: Tree) -> Tensor {
    tree.leaves.reduce(Tensor(true)) { finite, leaf in finite & isFinite(leaf).all() }
}

/// `onTrue` where the boolean scalar `condition` holds, else `onFalse`,
/// leaf by leaf (jmp's `select_tree`), e.g. to keep the parameters of a step
/// whose gradients were not finite. A condition that is not a boolean
/// scalar, or trees of different structures, give `onTrue` poisoned with an
/// error saying which.
public func selectTree<Tree: TensorTree>(_ condition: Tensor, _ onTrue: Tree, _ onFalse: Tree) -> Tree {
    guard condition.dtype == .bool, condition.rank == 0 else {
        return poisoned(onTrue, "selectTree expects a boolean scalar condition, got \(condition.type)")
    }
    guard let alternatives = leaves(of: onFalse, matching: onTrue) else {
        return poisoned(onTrue, "selectTree expects two trees of one structure")
    }
    var index = 0
    return onTrue.mapTensors { leaf in
        defer { index += 1 }
        return select(condition, leaf, alternatives[index])
    }
}
