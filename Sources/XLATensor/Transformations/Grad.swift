import XLAIR

/// The function that returns `function`'s value and its gradient with
/// respect to the first argument, a tree (`jax.value_and_grad`).
///
/// `function` must return a floating-point scalar, and every leaf of the
/// argument must be floating point: an integer or boolean leaf is an error
/// naming the leaf (JAX's `TypeError`), unless `allowInt` is true, which
/// gives such leaves zero gradients of their own dtype (JAX's `float0`
/// zeros with `allow_int=True`). ``stopGradient(_:)`` cuts a path. Works
/// eagerly (the value and gradient are compiled together), inside `jit` and
/// inside other transformations, `grad` included (higher derivatives).
///
/// ```swift
/// let loss = { (w: Tensor) in (matmul(x, w) - y).squared().mean() }
/// let (value, gradient) = valueAndGrad(loss)(w)
/// ```
public func valueAndGrad<Point: TensorTree>(
    _ function: @escaping (Point) -> Tensor, allowInt: Bool = false, file: String = #fileID, line: Int = #line
) -> (Point) -> (value: Tensor, gradient: Point) {
    let place = location(file, line)
    return { point in
        let fallback = { TreePair(first: Tensor(Float(0)), second: point) }
        let result = withTrace(point, location: place, fallback: fallback) { trace, point in
            try checkDifferentiable(point, allowInt: allowInt, location: place)
            let (value, gradient) = try reverseDifferentiate(function, at: point, in: trace, location: place) { output, trace in
                guard output.rank == 0, output.dtype.isFloatingPoint else {
                    throw TensorError.invalidTransformation(
                        reason: "grad needs a function returning a floating-point scalar, not \(output.type)", location: place)
                }
                return [trace.builder.constant(Literal.splat(.float(1), as: output.type), location: place)]
            }
            return TreePair(first: value, second: gradient)
        }
        return (result.first, result.second)
    }
}

/// The gradient of `function` with respect to its first argument, a tree
/// (`jax.grad`); see ``valueAndGrad(_:allowInt:file:line:)``.
public func grad<Point: TensorTree>(
    _ function: @escaping (Point) -> Tensor, allowInt: Bool = false, file: String = #fileID, line: Int = #line
) -> (Point) -> Point {
    let both = valueAndGrad(function, allowInt: allowInt, file: file, line: line)
    return { both($0).gradient }
}

/// `function`'s value with an auxiliary output, and the gradient of the
/// value (`jax.value_and_grad(f, has_aux=True)`); integer leaves as in
/// ``valueAndGrad(_:allowInt:file:line:)``.
public func valueAndGrad<Point: TensorTree, Auxiliary: TensorTree>(
    _ function: @escaping (Point) -> (Tensor, Auxiliary), allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> (Point) -> (value: Tensor, auxiliary: Auxiliary, gradient: Point) {
    let place = location(file, line)
    return { point in
        let fallback = { TreePair(first: TreePair(first: Tensor(Float(0)), second: function(point).1), second: point) }
        let result = withTrace(point, location: place, fallback: fallback) { trace, point in
            try checkDifferentiable(point, allowInt: allowInt, location: place)
            let (output, gradient) = try reverseDifferentiate(
                { let (value, auxiliary) = function($0); return TreePair(first: value, second: auxiliary) },
                at: point, in: trace, location: place
            ) { output, trace in
                guard output.first.rank == 0, output.first.dtype.isFloatingPoint else {
                    throw TensorError.invalidTransformation(
                        reason: "grad needs a function returning a floating-point scalar, not \(output.first.type)",
                        location: place)
                }
                let one = trace.builder.constant(Literal.splat(.float(1), as: output.first.type), location: place)
                return [one] + Array(repeating: nil, count: output.second.leaves.count)
            }
            return TreePair(first: output, second: gradient)
        }
        return (result.first.first, result.first.second, result.second)
    }
}

/// Throws unless every leaf of `point` is floating point or `allowInt` is
/// on (`jax.grad`'s check of its inputs).
private func checkDifferentiable<Point: TensorTree>(_ point: Point, allowInt: Bool, location: String?) throws {
    let leaves = point.leaves
    guard !allowInt, let index = leaves.firstIndex(where: { !$0.dtype.isFloatingPoint }) else { return }
    throw TensorError.invalidTransformation(
        reason: "grad needs floating-point inputs, but leaf \(index) of the differentiated argument is " +
            "\(leaves[index].type); pass allowInt: true to get zero gradients for integer and boolean leaves, or use vjp",
        location: location)
}

/// `function`'s output at `point` and its pullback: the map from a
/// cotangent of the output to the cotangent of `point` (`jax.vjp`).
///
/// The pullback traces `function` again when called (XLA deduplicates the
/// recomputation when both run in one `jit`).
public func vjp<Point: TensorTree, Output: TensorTree>(
    _ function: @escaping (Point) -> Output, _ point: Point, file: String = #fileID, line: Int = #line
) -> (output: Output, pullback: (Output) -> Point) {
    (function(point), pullback(of: function, at: point, location: location(file, line)))
}

/// The pullback of `function` at `point`, without computing its output.
func pullback<Point: TensorTree, Output: TensorTree>(
    of function: @escaping (Point) -> Output, at point: Point, location place: String?
) -> (Output) -> Point {
    { (cotangent: Output) -> Point in
        let input = TreePair(first: point, second: cotangent)
        return withTrace(input, location: place, fallback: { point }) { trace, input in
            try reverseDifferentiate(function, at: input.first, in: trace, location: place) { _, trace in
                try trace.values(of: input.second, location: place).map { Optional($0) }
            }.gradient
        }
    }
}

/// `x` unchanged, but treated as a constant by differentiation
/// (`jax.lax.stop_gradient`).
public func stopGradient(_ x: Tensor) -> Tensor {
    guard x.dtype.isFloatingPoint else { return x }
    return Tensor.apply(.stopGradient, [x], fallback: x.type).weak(x.isWeak)
}
