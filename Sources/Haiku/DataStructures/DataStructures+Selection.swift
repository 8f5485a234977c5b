extension DataStructures {
    /// The entries for which `isIncluded(module, name, value)` is true
    /// (`hk.data_structures.filter`).
    ///
    /// ```swift
    /// let params: DataStructures.Structure<Int?> = ["linear": ["w": nil, "b": nil]]
    /// DataStructures.filter(params) { _, name, _ in name == "w" }   // ["linear": ["w": nil]]
    /// ```
    ///
    /// - Parameters:
    ///   - structure: parameters, state or any two-level structure.
    ///   - isIncluded: takes the module name, the entry name and the value.
    public static func filter<Leaf>(_ structure: Structure<Leaf>,
                                    _ isIncluded: (String, String, Leaf) throws -> Bool) rethrows -> Structure<Leaf> {
        self.structure(of: try traverse(structure).filter { try isIncluded($0.module, $0.name, $0.value) })
    }

    /// The structure with each value replaced by `transform(module, name,
    /// value)` (`hk.data_structures.map`).
    ///
    /// ```swift
    /// let params: DataStructures.Structure<Double> = ["linear": ["w": 1, "b": 2]]
    /// DataStructures.map(params) { _, name, value in name == "w" ? 2 * value : value }
    /// // ["linear": ["b": 2, "w": 2]]
    /// ```
    ///
    /// - Parameters:
    ///   - structure: parameters, state or any two-level structure.
    ///   - transform: takes the module name, the entry name and the value.
    public static func map<Leaf, Result>(_ structure: Structure<Leaf>,
                                         _ transform: (String, String, Leaf) throws -> Result) rethrows -> Structure<Result> {
        self.structure(of: try traverse(structure).map { ($0.module, $0.name, try transform($0.module, $0.name, $0.value)) })
    }

    /// The union of `structures`; where several hold the same path, the last
    /// one's value wins (`hk.data_structures.merge`).
    ///
    /// ```swift
    /// DataStructures.merge(["linear": ["w": 1]], ["linear": ["w": 2]])   // ["linear": ["w": 2]]
    /// ```
    public static func merge<Leaf>(_ structures: Structure<Leaf>...) -> Structure<Leaf> {
        merge(structures)
    }

    /// The union of an array of structures, as the variadic `merge` gives it:
    /// how the parts that ``partitionN(_:into:by:)`` returns are merged back
    /// (Haiku's `merge(*structures)`).
    ///
    /// ```swift
    /// let parts = try DataStructures.partitionN(params, into: 3) { _, _, value in value.shape.count % 3 }
    /// DataStructures.merge(parts) == params   // true
    /// ```
    public static func merge<Leaf>(_ structures: [Structure<Leaf>]) -> Structure<Leaf> {
        structure(of: structures.lazy.flatMap(traverse))
    }

    /// The union of `structures` as ``merge(_:)``, checking that tensors at
    /// the same path agree in shape and dtype
    /// (`hk.data_structures.merge(..., check_duplicates=True)`).
    ///
    /// - Throws: ``HaikuError/invalidArgument(_:location:)`` naming the
    ///   first path whose tensors differ and their types.
    public static func mergeCheckingDuplicates(_ structures: Structure<Tensor>...) throws -> Structure<Tensor> {
        try structure(of: structures.lazy.flatMap(traverse)) { entry, previous in
            guard previous.type == entry.value.type else {
                throw HaikuError.invalidArgument(
                    "duplicate tensors of different shape or dtype at \(entry.module)/\(entry.name): \(previous.type) vs \(entry.value.type)",
                    location: nil)
            }
        }
    }

    /// The entries for which `predicate(module, name, value)` is true, and
    /// the rest (`hk.data_structures.partition`).
    ///
    /// ```swift
    /// let (weights, biases) = DataStructures.partition(params) { _, name, _ in name == "w" }
    /// ```
    ///
    /// - Parameters:
    ///   - structure: parameters, state or any two-level structure.
    ///   - predicate: takes the module name, the entry name and the value.
    public static func partition<Leaf>(
        _ structure: Structure<Leaf>, _ predicate: (String, String, Leaf) throws -> Bool
    ) rethrows -> (matching: Structure<Leaf>, rest: Structure<Leaf>) {
        var matching: [Entry<Leaf>] = [], rest: [Entry<Leaf>] = []
        for entry in traverse(structure) {
            if try predicate(entry.module, entry.name, entry.value) { matching.append(entry) } else { rest.append(entry) }
        }
        return (self.structure(of: matching), self.structure(of: rest))
    }

    /// `count` structures, entry `(module, name, value)` going to the one at
    /// index `bucket(module, name, value)` (`hk.data_structures.partition_n`).
    ///
    /// ```swift
    /// // One structure per module, in sorted module order:
    /// var indices: [String: Int] = [:]
    /// let perModule = try DataStructures.partitionN(params, into: params.count) { module, _, _ in
    ///     if let index = indices[module] { return index }
    ///     indices[module] = indices.count
    ///     return indices.count - 1
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - structure: parameters, state or any two-level structure.
    ///   - count: the number of structures to return.
    ///   - bucket: takes the module name, the entry name and the value and
    ///     returns an index in `0..<count`.
    /// - Throws: what `bucket` throws; ``HaikuError/invalidArgument(_:location:)``
    ///   naming the entry when `bucket` returns an index outside `0..<count`
    ///   (Haiku's assertion fails), or when `count` is negative.
    public static func partitionN<Leaf>(_ structure: Structure<Leaf>, into count: Int,
                                        by bucket: (String, String, Leaf) throws -> Int) throws -> [Structure<Leaf>] {
        guard count >= 0 else {
            throw HaikuError.invalidArgument("partitionN needs a count of 0 or more, not \(count)", location: nil)
        }
        var buckets = Array(repeating: [Entry<Leaf>](), count: count)
        for entry in traverse(structure) {
            let index = try bucket(entry.module, entry.name, entry.value)
            guard buckets.indices.contains(index) else {
                throw HaikuError.invalidArgument(
                    "partitionN: \(entry.module)/\(entry.name) was given bucket \(index), outside 0..<\(count)", location: nil)
            }
            buckets[index].append(entry)
        }
        return buckets.map { self.structure(of: $0) }
    }
}
