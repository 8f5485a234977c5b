@_spi(Reflection) import Swift
import Synchronization

extension TensorTree {
    /// Maps each stored property's leaves, properties in declaration order,
    /// found by reflection: what a one-line conformance
    /// (`extension Step: TensorTree {}`) uses.
    ///
    /// Works for a struct whose stored properties (`let` or `var`) all have
    /// tree types (tensors, arrays, dictionaries, optionals, ``Static``
    /// values, other trees). A property of another type, a class or an enum
    /// has no mapping: the value gets one extra leaf that carries a
    /// ``TensorError/invalidTransformation(reason:location:)`` naming the
    /// problem, which `jit` throws and traced transformations report.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Self {
        let fields = ReflectedFields.of(self)
        var result = self
        for field in fields.trees {
            // Always a tree: its type was checked when the fields were read.
            guard let tree = result[keyPath: field.path] as? any TensorTree else { continue }
            try ReflectedFields.map(tree, at: field.offset, in: &result, transform)
        }
        if let problem = fields.problem {
            TracingContext.current?.fail(problem)
            _ = try transform(.poisoned(problem, type: TensorType(.float32, [])))
        }
        return result
    }
}

/// What the fields cache holds for any type (the entries' common class).
class ReflectedType: @unchecked Sendable {}

/// The stored properties of types whose `mapTensors` or `appendStructure`
/// is the reflected default, read once per type.
final class ReflectedFields<Root>: ReflectedType, @unchecked Sendable {
    /// One stored property of a tree type.
    struct Tree {
        let path: PartialKeyPath<Root>
        let offset: Int
        /// Appends the structure of the property found at the pointer
        /// (the root's address plus `offset`), typed as the property is.
        let appendStructure: (UnsafeRawPointer, inout String) -> Void
    }

    /// The type's name, as `"\(Root.self)"` prints it.
    let typeName: String
    /// The properties of tree types, in declaration order (key paths are
    /// immutable, though not declared `Sendable`).
    let trees: [Tree]
    /// Why the type cannot be mapped by reflection, if it cannot.
    let problem: TensorError?

    private init(typeName: String, trees: [Tree], problem: TensorError?) {
        self.typeName = typeName
        self.trees = trees
        self.problem = problem
    }
}

extension ReflectedFields where Root: TensorTree {
    /// `value`'s type's stored properties.
    static func of(_ value: Root) -> ReflectedFields {
        let id = ObjectIdentifier(Root.self)
        // Entries are stored under their own type's identifier.
        if let fields = reflectedFieldsCache.withLock({ $0[id] }) { return unsafeDowncast(fields, to: ReflectedFields.self) }
        let fields = read(value)
        reflectedFieldsCache.withLock { $0[id] = fields }
        return fields
    }

    /// Replaces the property at `offset` (holding `tree`, of its declared
    /// type) by its mapped value. Writing through the offset rebuilds `let`
    /// properties as a memberwise initializer would.
    static func map<Value: TensorTree>(
        _ tree: Value, at offset: Int, in root: inout Root, _ transform: (Tensor) throws -> Tensor
    ) rethrows {
        let mapped = try tree.mapTensors(transform)
        withUnsafeMutableBytes(of: &root) { bytes in
            guard let base = bytes.baseAddress else { return }  // an empty struct has nothing to write
            base.advanced(by: offset).assumingMemoryBound(to: Value.self).pointee = mapped
        }
    }

    private static func read(_ value: Root) -> ReflectedFields {
        let type = "\(Root.self)"
        func failure(_ problem: String, trees: [Tree] = []) -> ReflectedFields {
            ReflectedFields(typeName: type, trees: trees, problem: .invalidTransformation(
                reason: "\(type) conforms to TensorTree without mapTensors, but \(problem); write its "
                    + "mapTensors(_:) by hand", location: nil))
        }
        guard !(Root.self is AnyObject.Type) else { return failure("it is a class (reflection rebuilds structs only)") }
        guard Mirror(reflecting: value).displayStyle == .struct else {
            return failure("it is not a struct (reflection rebuilds structs only)")
        }
        var trees: [Tree] = []
        var problems: [String] = []
        let complete = _forEachFieldWithKeyPath(of: Root.self, options: []) { name, path in
            let stored = value[keyPath: path]
            if let tree = stored as? any TensorTree, hasDeclaredType(tree, path), let offset = MemoryLayout<Root>.offset(of: path) {
                trees.append(Tree(path: path, offset: offset, appendStructure: structureAppender(of: tree)))
            } else {
                problems.append("its property \(type).\(String(cString: name)) has type \(Swift.type(of: stored)), "
                    + "not a TensorTree type (wrap a static value in Static)")
            }
            return true
        }
        if !problems.isEmpty { return failure(problems.joined(separator: "; "), trees: trees) }
        guard complete else { return failure("its stored properties cannot be read", trees: trees) }
        return ReflectedFields(typeName: type, trees: trees, problem: nil)
    }

    /// Appends the structure of a property of `value`'s type, read in place.
    private static func structureAppender<Value: TensorTree>(of value: Value) -> (UnsafeRawPointer, inout String) -> Void {
        { field, key in field.assumingMemoryBound(to: Value.self).pointee.appendStructure(to: &key) }
    }

    /// Whether `path`'s declared type is `value`'s own (not an existential
    /// or a superclass holding it), so that writing a `Value` there is sound.
    private static func hasDeclaredType<Value>(_ value: Value, _ path: PartialKeyPath<Root>) -> Bool {
        path is KeyPath<Root, Value>
    }
}

/// Every reflected type's fields, by type.
private let reflectedFieldsCache = Mutex<[ObjectIdentifier: ReflectedType]>([:])
