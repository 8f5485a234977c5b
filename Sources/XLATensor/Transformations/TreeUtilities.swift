/// `tree` with `transform` applied to every tensor leaf (`jax.tree.map`).
public func treeMap<T: TensorTree>(_ tree: T, _ transform: (Tensor) throws -> Tensor) rethrows -> T {
    try tree.mapTensors(transform)
}

/// `first` with each leaf combined with the leaf at the same position of
/// `second`, which must have the same structure (`jax.tree.map(f, a, b)`).
///
/// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
///   the structures differ.
public func treeMap<T: TensorTree>(_ first: T, _ second: T, _ combine: (Tensor, Tensor) throws -> Tensor,
                                   file: String = #fileID, line: Int = #line) throws -> T {
    var firstStructure = "", secondStructure = ""
    first.appendStructure(to: &firstStructure)
    second.appendStructure(to: &secondStructure)
    guard firstStructure == secondStructure else {
        throw TensorError.invalidTransformation(
            reason: "treeMap needs trees of one structure, not \(firstStructure) and \(secondStructure)",
            location: location(file, line))
    }
    let others = second.leaves
    var index = 0
    return try first.mapTensors { leaf in
        defer { index += 1 }
        return try combine(leaf, others[index])
    }
}

extension TensorTree {
    /// A tree of this structure with leaves taken in order from `leaves`
    /// (`jax.tree.unflatten` with this tree as the structure).
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   the count differs from this tree's leaf count.
    public func unflatten(_ leaves: [Tensor], file: String = #fileID, line: Int = #line) throws -> Self {
        let count = self.leaves.count
        guard leaves.count == count else {
            throw TensorError.invalidTransformation(
                reason: "the tree has \(count) leaves but \(leaves.count) were given", location: location(file, line))
        }
        return replacingLeaves(with: leaves)
    }
}
