import XLAIR

/// `function`'s output at `primal` and its directional derivative along
/// `tangent` (`jax.jvp`): the Jacobian applied to the tangent.
///
/// Forward mode is derived from reverse mode by transposition: the pullback
/// `u ↦ Jᵀu` is linear in `u`, so differentiating it with respect to `u`
/// along the cotangent `tangent` gives `J·tangent`. Every op with a VJP rule
/// therefore works in forward mode, and `jvp` of `grad` gives
/// Hessian-vector products. XLA removes the duplicated forward work.
///
/// - Parameters:
///   - tangent: a tree of the primal's structure; integer leaves are ignored.
/// - Returns: the output and its tangent (zeros for integer outputs).
public func jvp<Point: TensorTree, Output: TensorTree>(
    _ function: @escaping (Point) -> Output, _ primal: Point, _ tangent: Point,
    file: String = #fileID, line: Int = #line
) -> (output: Output, tangent: Output) {
    let place = location(file, line)
    let input = TreePair(first: primal, second: tangent)
    let fallback = { TreePair(first: function(primal), second: function(primal)) }
    let result = withTrace(input, location: place, fallback: fallback) { trace, input in
        let output = function(input.first)
        let zeros = output.mapTensors { Tensor.zeros($0.shape, dtype: $0.dtype) }
        let pullback = { (cotangent: Output) -> Point in
            // Runs inside the child trace the outer differentiation opens.
            do {
                return try reverseDifferentiate(function, at: input.first, in: Trace.current!, location: place) { _, inner in
                    try inner.values(of: cotangent, location: place).map { Optional($0) }
                }.gradient
            } catch {
                Trace.current?.fail(TensorError(error))
                return input.first
            }
        }
        let tangentOut = try reverseDifferentiate(pullback, at: zeros, in: trace, location: place) { _, outer in
            try outer.values(of: input.second, location: place).map { Optional($0) }
        }.gradient
        return TreePair(first: output, second: tangentOut)
    }
    return (result.first, result.second)
}
