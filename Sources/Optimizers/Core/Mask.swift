import XLATensor

/// Which parameters a transformation applies to (optax's `mask` argument):
/// `true` leaves are transformed, `false` ones pass through unchanged.
///
/// Make one from a function of the parameters returning a tree of `Bool`
/// of the same structure (optax's callable mask), from such a tree itself,
/// or from a test on each leaf or each Haiku parameter:
///
/// ```swift
/// // Decay weights, not biases: three ways.
/// adamW(learningRate: 1e-3, weightDecay: 1e-4, mask: .parameters { _, name, _ in name != "b" })
/// adamW(learningRate: 1e-3, weightDecay: 1e-4, mask: .leaves { $0.rank > 1 })
/// adamW(learningRate: 1e-3, weightDecay: 1e-4, mask: Mask { (params: Params) in
///     params.mapValues { $0.mapValues { $0.rank > 1 } }
/// })
/// ```
///
/// A mask is evaluated while tracing, so it is static, as optax requires
/// for `jit`. A mask written for another parameter type, or with another
/// number of leaves, gives poisoned updates.
public struct Mask: Sendable {
    /// The flag of each leaf of a tree, in leaf order, or a reason it does
    /// not fit the tree.
    let flags: @Sendable (any TensorTree) -> Result<[Bool], MaskMismatch>

    /// A mask computed from the parameters (or updates) by `function`, which
    /// returns a tree of `Bool` of their structure.
    public init<Params: TensorTree & SendableMetatype, Flags: MaskTree & SendableMetatype>(
        _ function: @escaping @Sendable (Params) -> Flags
    ) {
        flags = { tree in
            guard let params = tree as? Params else {
                return .failure(MaskMismatch("the mask is written for \(Params.self), but the tree is \(type(of: tree))"))
            }
            var flags: [Bool] = []
            function(params).appendFlags(to: &flags)
            return .success(flags)
        }
    }

    /// A fixed mask: a tree of `Bool` of the parameters' structure, such as
    /// `["linear": ["b": false, "w": true]]` for Haiku parameters.
    public init<Flags: MaskTree & Sendable>(_ mask: Flags) {
        flags = { _ in
            var flags: [Bool] = []
            mask.appendFlags(to: &flags)
            return .success(flags)
        }
    }

    /// Selects the leaves for which `isIncluded` is true, for any tree
    /// (`jax.tree.map(lambda x: x.ndim > 1, params)` as a mask).
    public static func leaves(where isIncluded: @escaping @Sendable (Tensor) -> Bool) -> Mask {
        Mask(flags: { .success($0.leaves.map(isIncluded)) })
    }

    /// Selects the Haiku parameters (`[module: [name: tensor]]`) for which
    /// `isIncluded(module, name, value)` is true, as
    /// `hk.data_structures.map` builds masks.
    public static func parameters(where isIncluded: @escaping @Sendable (String, String, Tensor) -> Bool) -> Mask {
        Mask { (params: SortedDictionary<String, SortedDictionary<String, Tensor>>) in
            SortedDictionary(uniqueKeysWithValues: params.map { module, entries in
                (module, SortedDictionary(uniqueKeysWithValues: entries.map { name, value in
                    (name, isIncluded(module, name, value))
                }))
            })
        }
    }

    private init(flags: @escaping @Sendable (any TensorTree) -> Result<[Bool], MaskMismatch>) {
        self.flags = flags
    }

    /// The flag of each of `tree`'s leaves, or why the mask does not fit it.
    func flags<Tree: TensorTree>(for tree: Tree) -> Result<[Bool], MaskMismatch> {
        flags(tree).flatMap { flags in
            let count = tree.leaves.count
            return flags.count == count ? .success(flags)
                : .failure(MaskMismatch("the mask has \(flags.count) flags, but the tree has \(count) leaves"))
        }
    }
}

/// Why a mask does not fit a tree.
struct MaskMismatch: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A tree of `Bool` with the structure of a ``XLATensor/TensorTree``, one flag per
/// tensor leaf: a `Bool`, or arrays, dictionaries and optionals of mask
/// trees (optax's boolean mask pytree).
public protocol MaskTree {
    /// Appends the flags in the order ``XLATensor/TensorTree`` visits leaves.
    func appendFlags(to flags: inout [Bool])
}

extension Bool: MaskTree {
    /// The flag itself.
    public func appendFlags(to flags: inout [Bool]) { flags.append(self) }
}

extension Array: MaskTree where Element: MaskTree {
    /// Each element's flags in order.
    public func appendFlags(to flags: inout [Bool]) {
        for element in self { element.appendFlags(to: &flags) }
    }
}

extension Dictionary: MaskTree where Key: Comparable, Value: MaskTree {
    /// Each value's flags in sorted-key order, as dictionaries of tensors.
    public func appendFlags(to flags: inout [Bool]) {
        for key in keys.sorted() { self[key]!.appendFlags(to: &flags) }
    }
}

extension SortedDictionary: MaskTree where Value: MaskTree {
    /// Each value's flags in key order, as its tensors.
    public func appendFlags(to flags: inout [Bool]) {
        for value in values { value.appendFlags(to: &flags) }
    }
}

extension Optional: MaskTree where Wrapped: MaskTree {
    /// The wrapped value's flags; none for nil.
    public func appendFlags(to flags: inout [Bool]) { self?.appendFlags(to: &flags) }
}
