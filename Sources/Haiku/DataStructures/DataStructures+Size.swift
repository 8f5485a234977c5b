extension DataStructures {
    /// The number of elements of all tensors in `tree`
    /// (`hk.data_structures.tree_size`).
    ///
    /// ```swift
    /// let parameterCount = DataStructures.treeSize(params)
    /// ```
    public static func treeSize(_ tree: some TensorTree) -> Int {
        tree.leaves.reduce(0) { $0 + $1.size }
    }

    /// The bytes all tensors in `tree` need at least: each one's element
    /// count times its element size (`hk.data_structures.tree_bytes`).
    /// Device buffers may take more for padding or alignment.
    ///
    /// ```swift
    /// print("\(DataStructures.treeSize(params)) params, \(Double(DataStructures.treeBytes(params)) / 1e6) MB")
    /// ```
    public static func treeBytes(_ tree: some TensorTree) -> Int {
        tree.leaves.reduce(0) { $0 + $1.size * $1.dtype.byteCount }
    }
}
