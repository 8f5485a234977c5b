import XLAIR

// Every transformation that returns a function comes as two overloads: one
// for closures that do not throw (no `try` at the call), and one with typed
// throws for closures that do. One generic `throws(E)` would do, but Swift
// 6.3 crashes compiling a call site that gets back a closure typed
// `throws(Never)` from a generic function; overload resolution picks the
// non-throwing overload for closures that do not throw.

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
    return { point in scalarValueAndGrad(function, at: point, allowInt: allowInt, place: place) }
}

/// ``valueAndGrad(_:allowInt:file:line:)-(_,_,_,_)`` of a closure that
/// throws: the closure's error ends the differentiation and comes out of
/// the returned function, with its type (`try` inside the closure needs no
/// `try!`).
///
/// ```swift
/// let (loss, grads) = try valueAndGrad { (params: Params) in try lossOf(forward.apply(params, x)) }(params)
/// ```
public func valueAndGrad<Point: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> Tensor, allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> (Point) throws(Failure) -> (value: Tensor, gradient: Point) {
    let place = location(file, line)
    return { point throws(Failure) in try scalarValueAndGrad(function, at: point, allowInt: allowInt, place: place) }
}

/// The gradient of `function` with respect to its first argument, a tree
/// (`jax.grad`); see ``valueAndGrad(_:allowInt:file:line:)-(_,_,_,_)``.
public func grad<Point: TensorTree>(
    _ function: @escaping (Point) -> Tensor, allowInt: Bool = false, file: String = #fileID, line: Int = #line
) -> (Point) -> Point {
    let place = location(file, line)
    return { point in scalarValueAndGrad(function, at: point, allowInt: allowInt, place: place).gradient }
}

/// ``grad(_:allowInt:file:line:)-(_,_,_,_)`` of a closure that throws: its
/// error comes out of the returned function, with its type.
///
/// ```swift
/// let grads = try grad { (params: Params) in try forward.apply(params, x).mean() }(params)
/// ```
public func grad<Point: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> Tensor, allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> (Point) throws(Failure) -> Point {
    let place = location(file, line)
    return { point throws(Failure) in
        try scalarValueAndGrad(function, at: point, allowInt: allowInt, place: place).gradient
    }
}

/// The value and gradient of a function returning a scalar.
private func scalarValueAndGrad<Point: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> Tensor, at point: Point, allowInt: Bool, place: String?
) throws(Failure) -> (value: Tensor, gradient: Point) {
    let result = try differentiate({ (point) throws(Failure) in TreePair(first: try function(point), second: [Tensor]()) },
                                   at: point, allowInt: allowInt, place: place, auxiliaryFallback: { () throws(Failure) in [] })
    return (result.value.first, result.gradient)
}

/// `function`'s output, a scalar and auxiliary outputs, and the gradient of
/// the scalar at `point`: what every `grad` and `valueAndGrad` computes.
/// `auxiliaryFallback` gives the auxiliary outputs' structure after a
/// failure (their leaves are then poisoned).
func differentiate<Point: TensorTree, Auxiliary: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> TreePair<Tensor, Auxiliary>, at point: Point, allowInt: Bool,
    place: String?, auxiliaryFallback: () throws(Failure) -> Auxiliary
) throws(Failure) -> (value: TreePair<Tensor, Auxiliary>, gradient: Point) {
    let errors = UserErrors<Failure>()
    let fallback = { () throws(Failure) in
        TreePair(first: TreePair(first: Tensor(Float(0)), second: try auxiliaryFallback()), second: point)
    }
    let result = try withTrace(point, location: place, errors: errors, fallback: fallback) { trace, point in
        try checkDifferentiable(point, allowInt: allowInt, location: place)
        let (output, gradient) = try reverseDifferentiate(errors.guarding(function), at: point, in: trace,
                                                          location: place) { output, trace in
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
    return (result.first, result.second)
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

/// `x` unchanged, but treated as a constant by differentiation
/// (`jax.lax.stop_gradient`).
public func stopGradient(_ x: Tensor) -> Tensor {
    guard x.dtype.isFloatingPoint else { return x }
    return Tensor.apply(.stopGradient, [x], fallback: x.type).weak(x.isWeak)
}
