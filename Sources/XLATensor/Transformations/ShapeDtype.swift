/// A shape and an element type without values (JAX's
/// `jax.ShapeDtypeStruct`): what ``evalShape(_:_:file:line:)`` gives for each
/// tensor, and what it accepts in place of one.
///
/// ```swift
/// print(ShapeDtype(shape: [8, 10], dtype: .float32))   // ShapeDtype(shape: [8, 10], dtype: float32)
/// let shapes = try evalShape({ try f.initialize(rng: $0, $1) }, PRNGKey(0), Tensor(ShapeDtype(shape: [8, 10], dtype: .float32)))
/// print(shapes)   // {'linear': {'b': ShapeDtype(shape: [2], dtype: float32), 'w': ...}}
/// ```
public struct ShapeDtype: Hashable, Sendable, CustomStringConvertible {
    /// The dimensions.
    public var shape: [Int]
    /// The element type.
    public var dtype: ElementType

    /// A shape and dtype.
    public init(shape: [Int], dtype: ElementType) {
        self.shape = shape
        self.dtype = dtype
    }

    /// `ShapeDtype(shape: [8, 10], dtype: float32)`, JAX's
    /// `ShapeDtypeStruct(shape=(8, 10), dtype=float32)` in Swift's spelling.
    public var description: String { "ShapeDtype(shape: \(shape), dtype: \(dtype.name))" }

    /// Why reading an abstract tensor's values fails; also how such a tensor
    /// is recognized when printed.
    static let noValues = "a ShapeDtype (an evalShape input or result) has a shape and dtype but no values"
}

extension Tensor {
    /// A tensor with `spec`'s shape and dtype and no values: an argument for
    /// ``evalShape(_:_:file:line:)`` (as JAX's `eval_shape` takes a
    /// `ShapeDtypeStruct`). Operations on it outside `evalShape` fail.
    public init(_ spec: ShapeDtype) {
        self.init(.poisoned(.invalidTransformation(reason: ShapeDtype.noValues, location: nil)),
                  type: TensorType(spec.dtype, spec.shape))
    }

    /// This tensor's shape and dtype.
    public var shapeDtype: ShapeDtype { ShapeDtype(shape: shape, dtype: dtype) }

    /// Whether this tensor stands for a ``ShapeDtype`` (no values).
    var isShapeDtype: Bool {
        if case .invalidTransformation(ShapeDtype.noValues, _)? = error { return true }
        return false
    }
}
