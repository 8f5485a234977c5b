import XLAIR

// Helpers shared by the `jax.nn` functions: JAX's `promote_args_inexact`,
// its max with initial `-inf`, its float16/bfloat16 upcast in means, and
// axis checks that name the public function in their errors.

extension Tensor {
    /// The tensor with integer and bool elements promoted to a float type, as
    /// JAX's `promote_args_inexact` does (`int32` → `float32`); floats stay.
    var promotedToInexact: Tensor { converted(to: inexactDType) }

    /// The float type ``promotedToInexact`` converts to.
    var inexactDType: ElementType {
        if dtype.isFloatingPoint { return dtype }
        return isWeak ? .float32 : TypePromotion.resultType(
            promotionType, PromotionType(.float32, weak: true), x64: Configuration.x64).elementType
    }

    /// A weakly typed scalar of this tensor's dtype, rounded from `value`
    /// once (JAX's Python-float constants in `jax.nn`).
    func constant(_ value: Double) -> Tensor {
        Tensor(value, dtype: dtype).weak(true)
    }

    /// `jnp.max(x, axes, keepdims=True, initial=-inf)` as `jax.nn` calls it:
    /// `-inf` where the reduced axes are empty, instead of the error a max
    /// without identity gives; `axes` must be normalized.
    func maxKeepingDims(axes: [Int]) -> Tensor {
        guard axes.contains(where: { shape[$0] == 0 }) else { return max(axes: axes, keepDims: true) }
        let kept = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        // An integer input has no -inf; with an empty axis its value is never used.
        return (dtype.isFloatingPoint ? Tensor.full(kept, -Double.infinity, dtype: dtype) : Tensor.zeros(kept, dtype: dtype))
            .weak(isWeak)
    }

    /// `jnp.mean(x, axes, keepdims=True)`: the sum divided by the count in a
    /// float type (float32 for float16, bfloat16 and integers), rounded back
    /// to the input's float type; `axes` must be normalized.
    func meanKeepingDims(axes: [Int]) -> Tensor {
        let resultDType = inexactDType
        let computation = resultDType == .float16 || resultDType == .bfloat16 ? ElementType.float32 : resultDType
        let count = axes.reduce(1) { $0 * shape[$1] }
        let total = converted(to: computation).sum(axes: axes, keepDims: true)
        return (total / Tensor(Double(count), dtype: computation)).converted(to: resultDType)
    }

    /// The poisoned result of `function` called with axes it cannot use
    /// (or with an already poisoned input, whose error it keeps).
    /// Its type is `x`'s shape with ``inexactDType`` elements.
    func invalidAxes(_ axes: [Int]?, for function: String, file: String, line: Int) -> Tensor {
        Tensor.invalid(function, [self], "axes \(axes.map { "\($0)" } ?? "nil") are out of range or repeated for shape \(shape)",
                       location: location(file, line), result: TensorType(inexactDType, shape))
    }
}
