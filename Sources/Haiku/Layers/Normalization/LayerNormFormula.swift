extension Normalization {
    /// Haiku's layer-norm formula over `axes`,
    /// `scale · rsqrt(variance + eps) · (x − mean) + offset`, computed
    /// operation for operation as Haiku computes it (the same values bit
    /// for bit), with a closed-form derivative with respect to `x`.
    ///
    /// Autodiff of the formula differentiates the mean and the variance
    /// separately, and XLA fuses that graph into slow transposing copies in
    /// a Transformer's training step. The closed form is the same
    /// derivative in one expression: with `r = rsqrt(variance + eps)`,
    /// `x̂ = (x − mean) · r` and `ĝ = cotangent · scale`,
    /// `dx = r · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂))`, for either variance
    /// (both have the derivative `2 · (x − mean) / n`). Its sums round
    /// otherwise than autodiff's, so `dx` differs from Haiku's by a few
    /// ulps of its largest entry; the scale's and offset's derivatives are
    /// autodiff's expressions, but XLA may order their sums over the other
    /// axes otherwise in this program (an ulp or two). The derivative is
    /// itself differentiable
    /// (second derivatives, `jvp`) and batches under `vmap`.
    ///
    /// A `scale` or `offset` of another dtype, or one that would broadcast
    /// the result beyond `x`'s shape, takes plain autodiff (the closed form
    /// gives cotangents of `x`'s type).
    static func layerNormalized(_ x: Tensor, axes: [Int], fastVariance: Bool, eps: Double,
                                scale: Tensor, offset: Tensor) -> Tensor {
        let formula = { (x: Tensor, scale: Tensor, offset: Tensor) -> (Tensor, [Tensor]) in
            let mean = x.mean(axes: axes, keepDims: true)
            let variance = fastVariance ? square(x).mean(axes: axes, keepDims: true) - square(mean)
                : x.variance(axes: axes, keepDims: true)
            let reciprocal = rsqrt(variance + Tensor(eps, dtype: variance.dtype))
            let centered = x - mean
            return ((scale * reciprocal) * centered + offset, [centered, reciprocal, scale])
        }
        guard fits(scale, like: x), fits(offset, like: x) else {
            return formula(x, scale, offset).0
        }
        let closedForm = customVJP(forward: { (inputs: [Tensor]) in formula(inputs[0], inputs[1], inputs[2]) },
                                   backward: { (residuals: [Tensor], cotangent: Tensor) -> [Tensor] in
            let (centered, reciprocal, scale) = (residuals[0], residuals[1], residuals[2])
            let normalized = centered * reciprocal
            let scaled = cotangent * scale
            let dx = reciprocal * (scaled - scaled.mean(axes: axes, keepDims: true)
                                   - normalized * (scaled * normalized).mean(axes: axes, keepDims: true))
            // Autodiff's order for the scale: d(scale · r) = cotangent · centered, then times r.
            return [dx, (cotangent * centered) * reciprocal, cotangent]
        })
        return closedForm([x, scale.broadcast(to: x.shape), offset.broadcast(to: x.shape)])
    }

    /// Whether `operand` has `x`'s dtype and broadcasts to its shape
    /// without growing it.
    private static func fits(_ operand: Tensor, like x: Tensor) -> Bool {
        operand.dtype == x.dtype && operand.rank <= x.rank
            && zip(operand.shape.reversed(), x.shape.reversed()).allSatisfy { $0 == 1 || $0 == $1 }
    }
}
