/// Utilities over Haiku's two-level structures (`hk.data_structures`):
/// ``Params``, ``State``, their gradients, or any
/// `[module name: [entry name: value]]` dictionary.
///
/// Every function returns a new structure. Entries are visited in sorted
/// key order, module names first, as Haiku does; modules left with no
/// entries are dropped.
///
/// Haiku's `to_haiku_dict`, `to_immutable_dict` and `to_mutable_dict` have
/// no counterpart: they convert between Python's mutable and frozen mapping
/// types, while a Swift dictionary is a value, already a copy when assigned
/// and mutable only through a `var`.
public enum DataStructures {
    /// A two-level structure: module name, then entry name, then value.
    public typealias Structure<Leaf> = SortedDictionary<String, SortedDictionary<String, Leaf>>

    /// One entry of a structure: its module name, its own name, its value.
    public typealias Entry<Leaf> = (module: String, name: String, value: Leaf)

    /// The entries of `structure` in sorted key order, module names first
    /// (`hk.data_structures.traverse`).
    ///
    /// ```swift
    /// for (module, name, value) in DataStructures.traverse(params) { print(module, name, value.shape) }
    /// ```
    public static func traverse<Leaf>(_ structure: Structure<Leaf>) -> [Entry<Leaf>] {
        structure.flatMap { module, bundle in bundle.map { name, value in (module, name, value) } }
    }

    /// Whether every (module, name) path of `subset` is also in `superset`
    /// (`hk.data_structures.is_subset(subset:superset:)`); values are not
    /// compared. Vacuously true when `subset` has no entries:
    ///
    /// ```swift
    /// DataStructures.isSubset(["a": [:]] as Params, of: [:] as Params)  // true
    /// ```
    public static func isSubset<Leaf, SupersetLeaf>(_ subset: Structure<Leaf>,
                                                    of superset: Structure<SupersetLeaf>) -> Bool {
        subset.allSatisfy { module, bundle in
            bundle.keys.allSatisfy { superset[module]?[$0] != nil }
        }
    }

    /// The structure holding `entries`, a later entry replacing an earlier
    /// one with the same path.
    static func structure<Leaf>(of entries: some Sequence<Entry<Leaf>>) -> Structure<Leaf> {
        structure(of: entries) { _, _ in }
    }

    /// The structure holding `entries`, a later entry replacing an earlier
    /// one with the same path after `checkReplacement(entry, previous)`.
    static func structure<Leaf>(
        of entries: some Sequence<Entry<Leaf>>, checkReplacement: (Entry<Leaf>, Leaf) throws -> Void
    ) rethrows -> Structure<Leaf> {
        var structure: Structure<Leaf> = [:]
        for entry in entries {
            if let previous = structure[entry.module]?[entry.name] { try checkReplacement(entry, previous) }
            structure[entry.module, default: [:]][entry.name] = entry.value
        }
        return structure
    }
}
