import XLAIR

extension Tensor {
    /// Sum over `axes` (all axes when nil). Booleans and small integers sum
    /// in `int32` as in JAX; `float16` and `bfloat16` accumulate in `float32`
    /// and keep their dtype.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        accumulate("sum", axes: axes, keepDims: keepDims, file: file, line: line)
    }

    /// Product over `axes`, accumulated as ``sum(axes:keepDims:file:line:)`` is.
    public func product(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        accumulate("prod", axes: axes, keepDims: keepDims, file: file, line: line)
    }

    /// Maximum over `axes`; reducing an axis of size 0 is an error (the
    /// maximum has no identity), as in NumPy and JAX.
    public func max(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        reduce(dtype == .bool ? "or" : "max", op: "max", axes: axes, keepDims: keepDims, hasIdentity: false,
               file: file, line: line)
    }

    /// Minimum over `axes`; reducing an axis of size 0 is an error.
    public func min(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        reduce(dtype == .bool ? "and" : "min", op: "min", axes: axes, keepDims: keepDims, hasIdentity: false,
               file: file, line: line)
    }

    /// Whether all elements over `axes` are nonzero.
    public func all(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        converted(to: .bool).reduce("and", op: "all", axes: axes, keepDims: keepDims, file: file, line: line)
    }

    /// Whether any element over `axes` is nonzero.
    public func any(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        converted(to: .bool).reduce("or", op: "any", axes: axes, keepDims: keepDims, file: file, line: line)
    }

    /// Mean over `axes`; integers give floats. `float16` and `bfloat16` are
    /// summed and divided in `float32` and rounded once, as `jnp.mean`.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        if dtype == .float16 || dtype == .bfloat16 {
            return converted(to: .float32).mean(axes: axes, keepDims: keepDims, file: file, line: line).converted(to: dtype)
        }
        let input = dtype.isFloatingPoint ? self : converted(to: TypePromotion.canonical(.float64, x64: Configuration.x64))
        let total = input.sum(axes: axes, keepDims: keepDims, file: file, line: line)
        let count = Swift.max(1, size / Swift.max(1, total.size))
        return total / Tensor(weak: Double(size == 0 ? 0 : count))
    }

    /// Variance over `axes` (`jnp.var`): the mean of the squared deviations
    /// from the mean, in `float32` for `float16` and `bfloat16` (rounded once
    /// to their dtype), in a float type for integers.
    ///
    /// `jnp.var` is a `jit` of its own, so JAX's reverse mode sums the
    /// cotangents the input gets inside it before adding them to the
    /// input's other cotangents; this is how a layer norm's gradient rounds.
    /// Here the input enters as a value of its own (its conversion to the
    /// computation type, or an identity reshape, which XLA removes), whose
    /// cotangents are summed the same way.
    public func variance(axes: [Int]? = nil, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        let computation: ElementType = dtype == .float16 || dtype == .bfloat16 ? .float32
            : dtype.isFloatingPoint ? dtype : TypePromotion.canonical(.float64, x64: Configuration.x64)
        let x = computation != dtype ? converted(to: computation)
            : Tensor.apply(.reshape, [self], attributes: ["shape": .ints(shape)], location: location(file, line), fallback: type)
                .weak(isWeak)
        let squared = square(x - x.mean(axes: axes, keepDims: true, file: file, line: line))
        return squared.mean(axes: axes, keepDims: keepDims, file: file, line: line)
            .converted(to: dtype.isFloatingPoint ? dtype : computation)
    }

    /// The index of the largest element along `axis` (`int32`).
    public func argmax(axis: Int, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        argReduce(.argmax, axis: axis, keepDims: keepDims, file: file, line: line)
    }

    /// The index of the smallest element along `axis` (`int32`).
    public func argmin(axis: Int, keepDims: Bool = false, file: String = #fileID, line: Int = #line) -> Tensor {
        argReduce(.argmin, axis: axis, keepDims: keepDims, file: file, line: line)
    }

    /// A sum or product as JAX computes it: `bool` and integers narrower
    /// than the default integer accumulate in the default integer type (the
    /// result's dtype); `float16` and `bfloat16` in `float32`, converted back.
    private func accumulate(_ kind: String, axes: [Int]?, keepDims: Bool, file: String, line: Int) -> Tensor {
        let accumulator: ElementType
        switch dtype {
        case .bool, .int8, .int16: accumulator = TypePromotion.canonical(.int64, x64: Configuration.x64)
        case .uint8, .uint16: accumulator = TypePromotion.canonical(.uint64, x64: Configuration.x64)
        case .float16, .bfloat16: accumulator = .float32
        default: accumulator = dtype
        }
        let result = converted(to: accumulator).reduce(kind, op: kind, axes: axes, keepDims: keepDims, file: file, line: line)
        return dtype.isFloatingPoint ? result.converted(to: dtype) : result
    }

    /// Reduces with the combiner `kind`; errors name the user's `op`.
    private func reduce(_ kind: String, op: String, axes: [Int]?, keepDims: Bool, hasIdentity: Bool = true,
                        file: String, line: Int) -> Tensor {
        guard let axes = Tensor.normalize(axes: axes ?? Array(0..<rank), rank: rank) else {
            return .invalid(op, [self], "axes \(axes ?? []) are out of range or repeated for shape \(shape)",
                            location: location(file, line), result: type)
        }
        let kept = shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
        guard hasIdentity || axes.allSatisfy({ shape[$0] > 0 }) else {
            return .invalid(op, [self], "cannot reduce a zero-size axis of shape \(shape): \(op) has no identity",
                            location: location(file, line),
                            result: TensorType(dtype, keepDims ? shape.indices.map { axes.contains($0) ? 1 : shape[$0] } : kept))
        }
        let reduced = axes.isEmpty ? self : Tensor.apply(
            .reduce, [self], attributes: ["dimensions": .ints(axes), "kind": .string(kind)],
            location: location(file, line), fallback: TensorType(dtype, kept)).weak(isWeak)
        return keepDims ? reduced.reshaped(shape.indices.map { axes.contains($0) ? 1 : shape[$0] }) : reduced
    }

    private func argReduce(_ op: Op, axis: Int, keepDims: Bool, file: String, line: Int) -> Tensor {
        let index = TypePromotion.canonical(.int64, x64: Configuration.x64)
        guard let axis = Tensor.normalize(axis: axis, rank: rank) else {
            return .invalid(op.name, [self], "axis \(axis) is out of range for shape \(shape)",
                            location: location(file, line), result: TensorType(index, shape))
        }
        var kept = shape
        kept.remove(at: axis)
        let result = Tensor.apply(op, [self], attributes: ["dimension": .int(axis), "index_type": .elementType(index)],
                                  location: location(file, line), fallback: TensorType(index, kept))
        return keepDims ? result.expandingDimensions(axis: axis) : result
    }
}
