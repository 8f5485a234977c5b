/// Several trees as one (a Swift tuple cannot conform to a protocol): what
/// the tuple-result spellings of `jit`, `scan`, `vmap` and Haiku's
/// `transform` pack a function's `(params, optState, loss)` into, and
/// unpack again before the caller sees it.
///
/// ```swift
/// let step = jit { (x: Tensor) in (x + 1, x * 2) }
/// let (plus, times) = try step(Tensor([1.0, 2]))
/// ```
public struct TupleTree<each Element: TensorTree>: TensorTree {
    /// The trees, as a Swift tuple.
    public var elements: (repeat each Element)

    /// Packs `elements` as one tree.
    public init(_ elements: repeat each Element) {
        self.elements = (repeat each elements)
    }

    /// Maps each element's leaves, elements in order.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> TupleTree {
        TupleTree(repeat try (each elements).mapTensors(transform))
    }

    /// `(` each element's structure `)`.
    public func appendStructure(to key: inout String) {
        key += "("
        for element in repeat each elements { element.appendStructure(to: &key) }
        key += ")"
    }

    /// Each element's leaves, elements in order.
    public func appendLeaves(to leaves: inout [Tensor]) {
        for element in repeat each elements { element.appendLeaves(to: &leaves) }
    }
}
