import XLATensor

extension ProcessGroup {
    /// Every process's `tree` combined leaf by leaf by `reduction` (one
    /// exchange for all leaves), the same on every process. Every process
    /// passes a tree of the same structure and shapes.
    ///
    /// ```swift
    /// let averaged = try group.allReduce(gradients, .mean)
    /// ```
    ///
    /// - Throws: ``DistributedError/unsupportedElementType(_:)`` for a leaf
    ///   that is not `float32`; a leaf's own error when it cannot be read;
    ///   the errors of the `[Float]` all-reduce.
    public func allReduce<Tree: TensorTree>(_ tree: Tree, _ reduction: Reduction) throws -> Tree {
        let flat = Flattened(tree)
        var values = [Float]()
        for leaf in flat.leaves {
            guard leaf.dtype == .float32 else { throw DistributedError.unsupportedElementType("\(leaf.dtype)") }
            values += try leaf.scalars(as: Float.self)
        }
        let reduced = try allReduce(values, reduction)
        var offset = 0
        return flat.mapTensors { leaf in
            let count = leaf.shape.reduce(1, *)
            defer { offset += count }
            return Tensor(Array(reduced[offset ..< offset + count]), shape: leaf.shape, dtype: .float32)
        }.tree
    }
}
