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
/// - Throws: what `function` throws, with its type (a closure that does not
///   throw makes `jvp` need no `try`).
public func jvp<Point: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> Output, _ primal: Point, _ tangent: Point,
    file: String = #fileID, line: Int = #line
) throws(Failure) -> (output: Output, tangent: Output) {
    let place = location(file, line)
    let errors = UserErrors<Failure>()
    let traced = errors.guarding(function)
    let input = TreePair(first: primal, second: tangent)
    let fallback = { () throws(Failure) in
        let output = try function(primal)
        return TreePair(first: output, second: output)
    }
    let result = try withTrace(input, location: place, errors: errors, fallback: fallback) { trace, input in
        let output = try traced(input.first)
        let zeros = output.mapTensors { Tensor.zeros($0.shape, dtype: $0.dtype) }
        let pullback = { (cotangent: Output) throws -> Point in
            // Runs inside the child trace the outer differentiation opens.
            guard let inner = TracingContext.current else { throw TensorError.escapedTracer(location: place) }
            return try reverseDifferentiate(traced, at: input.first, in: inner, location: place) { _, inner in
                try inner.values(of: cotangent, location: place).map { Optional($0) }
            }.gradient
        }
        let tangentOut = try reverseDifferentiate(pullback, at: zeros, in: trace, location: place) { _, outer in
            try outer.values(of: input.second, location: place).map { Optional($0) }
        }.gradient
        return TreePair(first: output, second: tangentOut)
    }
    return (result.first, result.second)
}
