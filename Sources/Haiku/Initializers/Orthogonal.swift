/// Matrices with orthonormal rows or columns, uniformly distributed
/// (`hk.initializers.Orthogonal`).
///
/// ```swift
/// let w = parameter("w", shape: [3, 3, 16, 32], init: Orthogonal())
/// ```
///
/// As Haiku does: the shape is viewed as a matrix with `shape[axis]` rows
/// (the "output dimension") and every other dimension flattened into the
/// columns; a normal sample of the taller orientation of that matrix is
/// factored by ``qr(_:mode:file:line:)``, `q`'s columns take the signs of
/// `r`'s diagonal, `q` is transposed back when there are fewer rows than
/// columns, reshaped with the row axis first, moved to `axis`, and scaled.
/// One key is drawn with ``nextRNGKey(file:line:)``.
public struct Orthogonal: Initializer, Sendable {
    /// The factor applied to the orthonormal matrix.
    public let scale: Double
    /// The axis of the output dimension (negative counts from the end).
    public let axis: Int

    /// An initializer making orthonormal matrices.
    ///
    /// - Parameters:
    ///   - scale: the factor (Haiku's default 1).
    ///   - axis: the output dimension (Haiku's default -1, the last).
    public init(scale: Double = 1, axis: Int = -1) {
        self.scale = scale
        self.axis = axis
    }

    /// A scaled orthonormal tensor of `shape` and the float type `dtype`
    /// (float32 or float64, which QR accepts); a poisoned tensor, making
    /// `initialize` throw, when the rank is below 2, `axis` is out of range
    /// or its dimension is empty (Haiku raises there too).
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        guard shape.count >= 2 else {
            return invalidInitializer("Orthogonal needs a shape of rank 2 or more, not \(shape)", shape, dtype)
        }
        let axis = self.axis < 0 ? self.axis + shape.count : self.axis
        guard shape.indices.contains(axis), shape[axis] > 0 else {
            return invalidInitializer("Orthogonal needs an axis of a non-empty dimension of \(shape), not \(self.axis)",
                                      shape, dtype)
        }
        let rows = shape[axis]
        let columns = shape.reduce(1, *) / rows
        let sample = normal(nextRNGKey(), rows > columns ? [rows, columns] : [columns, rows], dtype: dtype)
        let (q, r) = qr(sample)
        let size = Swift.min(rows, columns)
        let diagonal = (r * Tensor.eye(size, dtype: r.dtype)).sum(axes: [-1])
        var matrix = q * sign(diagonal)
        if rows < columns { matrix = matrix.transposed() }
        var others = shape
        others.remove(at: axis)
        // Rows first, then moved to `axis` (`jnp.moveaxis(q, 0, axis)`).
        let permutation = Array(1..<(axis + 1)) + [0] + Array((axis + 1)..<shape.count)
        let moved = matrix.reshaped([rows] + others).transposed(permutation)
        return convertElementType(scale, dtype) * moved
    }
}
