/// A value made of tensors that transformations (`jit`, ...) can take apart
/// and rebuild: a tensor, an array, a dictionary with sorted keys, an
/// optional, or a user type that lists its tensors.
///
/// A struct whose stored properties are all trees conforms in one line,
/// its `mapTensors` found by reflection (the default implementation):
///
/// ```swift
/// struct Batch { var images: Tensor; var labels: Tensor }
/// extension Batch: TensorTree {}
/// ```
///
/// Or it maps each stored tree in a fixed order itself (a class, an enum, or
/// a struct holding other values):
///
/// ```swift
/// struct Batch: TensorTree {
///     var images: Tensor
///     var labels: Tensor
///     func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Batch {
///         Batch(images: try transform(images), labels: try transform(labels))
///     }
/// }
/// ```
public protocol TensorTree {
    /// The same structure with every tensor leaf replaced by `transform`'s
    /// result, leaves visited in a fixed order.
    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Self

    /// Appends a description of the structure (container kinds, keys,
    /// counts, static values; not tensor values) to `key`. Transformations
    /// compile once per structure and leaf types. The default names the type
    /// and describes each stored property of a struct whose properties are
    /// all trees (found by reflection, as the reflected `mapTensors` finds
    /// them), so dictionary keys and ``Static`` values count; for any other
    /// type it names the type and counts the leaves.
    func appendStructure(to key: inout String)

    /// Appends the tensor leaves to `leaves`, in ``mapTensors(_:)``'s order,
    /// without rebuilding the tree. The default goes through `mapTensors`
    /// (which rebuilds it); containers implement it directly, so that `jit`
    /// flattens its arguments cheaply on every call.
    func appendLeaves(to leaves: inout [Tensor])
}

extension TensorTree {
    /// Names the type, then describes each stored property of a struct of
    /// trees, or counts the leaves of any other type.
    ///
    /// The type's fields are read once; each call then runs one typed
    /// closure per property (no key-path read or cast per call).
    public func appendStructure(to key: inout String) {
        let fields = ReflectedFields.of(self)
        key += fields.typeName
        guard fields.problem == nil else {
            key += "#\(leaves.count);"
            return
        }
        key += "{"
        withUnsafePointer(to: self) { root in
            let base = UnsafeRawPointer(root)
            for field in fields.trees { field.appendStructure(base + field.offset, &key) }
        }
        key += "}"
    }

    /// Collects the leaves through `mapTensors`.
    public func appendLeaves(to leaves: inout [Tensor]) {
        _ = mapTensors { leaves.append($0); return $0 }
    }

    /// The tensor leaves, in order.
    public var leaves: [Tensor] {
        var leaves: [Tensor] = []
        appendLeaves(to: &leaves)
        return leaves
    }

    /// The same structure with leaves taken in order from `replacements`.
    func replacingLeaves(with replacements: [Tensor]) -> Self {
        var index = 0
        return mapTensors { _ in
            defer { index += 1 }
            return replacements[index]
        }
    }
}

extension Tensor: TensorTree {
    /// A tensor is a leaf.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Tensor { try transform(self) }
    /// `T`.
    public func appendStructure(to key: inout String) { key += "T;" }
    /// Itself.
    public func appendLeaves(to leaves: inout [Tensor]) { leaves.append(self) }
}

extension Array: TensorTree where Element: TensorTree {
    /// Maps each element's leaves in order.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> [Element] {
        try map { try $0.mapTensors(transform) }
    }
    /// `[count: elements]`.
    public func appendStructure(to key: inout String) {
        key += "[\(count):"
        for element in self { element.appendStructure(to: &key) }
        key += "]"
    }
    /// Each element's leaves in order.
    public func appendLeaves(to leaves: inout [Tensor]) {
        for element in self { element.appendLeaves(to: &leaves) }
    }
}

extension Optional: TensorTree where Wrapped: TensorTree {
    /// Maps the wrapped value's leaves; nil has none.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Wrapped? {
        try map { try $0.mapTensors(transform) }
    }
    /// `?` then the wrapped structure, or `nil`.
    public func appendStructure(to key: inout String) {
        if let value = self { key += "?"; value.appendStructure(to: &key) } else { key += "nil;" }
    }
    /// The wrapped value's leaves; nil has none.
    public func appendLeaves(to leaves: inout [Tensor]) { self?.appendLeaves(to: &leaves) }
}

extension Dictionary: TensorTree where Key: Comparable, Value: TensorTree {
    /// Maps values' leaves in sorted-key order (as JAX sorts dict keys).
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> [Key: Value] {
        var result: [Key: Value] = [:]
        result.reserveCapacity(count)
        for key in keys.sorted() { result[key] = try self[key]!.mapTensors(transform) }
        return result
    }
    /// `{key=value...}` in sorted-key order.
    public func appendStructure(to key: inout String) {
        key += "{"
        for name in keys.sorted() {
            key.appendStructureKey(name)
            self[name]!.appendStructure(to: &key)
        }
        key += "}"
    }
    /// Values' leaves in sorted-key order.
    public func appendLeaves(to leaves: inout [Tensor]) {
        for key in keys.sorted() { self[key]!.appendLeaves(to: &leaves) }
    }
}

extension String {
    /// Appends a dictionary key and `=` to a structure description: a
    /// `String` key as it is, any other as interpolation writes it (which,
    /// for a generic value, runs the reflecting printer: microseconds per
    /// `jit` call for Haiku's parameters).
    mutating func appendStructureKey<Key>(_ name: Key) {
        if let text = name as? String { self += text } else { self += "\(name)" }
        self += "="
    }
}

/// A value a transformed function depends on that is not a tensor: part of
/// the compilation key (JAX's `static_argnums`). A new value compiles anew.
///
/// ```swift
/// let power = jit { (x: Tensor, n: Static<Int>) in (0..<n.value).reduce(x) { y, _ in y * x } }
/// ```
public struct Static<Wrapped: Hashable>: TensorTree {
    /// The static value.
    public var value: Wrapped

    /// Wraps a static value.
    public init(_ value: Wrapped) { self.value = value }

    /// No leaves.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Static { self }
    /// The value itself.
    public func appendStructure(to key: inout String) { key += "static(\(Wrapped.self):\(value):\(value.hashValue));" }
    /// None.
    public func appendLeaves(to leaves: inout [Tensor]) {}
}
