/// `function`'s value with an auxiliary output, and the gradient of the
/// value (`jax.value_and_grad(f, has_aux=True)`): a function returning
/// `(Tensor, Auxiliary)` has auxiliary outputs, and the result is shaped
/// as JAX's, `((value, auxiliary), gradient)`. Integer leaves as in
/// ``valueAndGrad(_:allowInt:file:line:)-(_,_,_,_)``.
///
/// ```swift
/// let ((loss, newState), grads) = valueAndGrad { (params: Params) in (loss(params), state(params)) }(params)
/// ```
public func valueAndGrad<Point: TensorTree, Auxiliary: TensorTree>(
    _ function: @escaping (Point) -> (Tensor, Auxiliary), allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> (Point) -> (value: (value: Tensor, auxiliary: Auxiliary), gradient: Point) {
    let place = location(file, line)
    return { point in auxiliaryValueAndGrad(function, at: point, allowInt: allowInt, place: place) }
}

/// ``valueAndGrad(_:allowInt:file:line:)-(_,Bool,_,_)`` of a closure that
/// throws: its error comes out of the returned function, with its type.
public func valueAndGrad<Point: TensorTree, Auxiliary: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> (Tensor, Auxiliary), allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> (Point) throws(Failure) -> (value: (value: Tensor, auxiliary: Auxiliary), gradient: Point) {
    let place = location(file, line)
    return { point throws(Failure) in try auxiliaryValueAndGrad(function, at: point, allowInt: allowInt, place: place) }
}

/// The gradient of a function returning `(Tensor, Auxiliary)`, with the
/// auxiliary output (`jax.grad(f, has_aux=True)`, which returns
/// `(gradient, auxiliary)` in this order too).
public func grad<Point: TensorTree, Auxiliary: TensorTree>(
    _ function: @escaping (Point) -> (Tensor, Auxiliary), allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> (Point) -> (gradient: Point, auxiliary: Auxiliary) {
    let place = location(file, line)
    return { point in
        let result = auxiliaryValueAndGrad(function, at: point, allowInt: allowInt, place: place)
        return (result.gradient, result.value.auxiliary)
    }
}

/// ``grad(_:allowInt:file:line:)-(_,Bool,_,_)`` with auxiliary outputs, of
/// a closure that throws: its error comes out of the returned function.
public func grad<Point: TensorTree, Auxiliary: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> (Tensor, Auxiliary), allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> (Point) throws(Failure) -> (gradient: Point, auxiliary: Auxiliary) {
    let place = location(file, line)
    return { point throws(Failure) in
        let result = try auxiliaryValueAndGrad(function, at: point, allowInt: allowInt, place: place)
        return (result.gradient, result.value.auxiliary)
    }
}

/// The value, auxiliary output and gradient of a function returning both.
private func auxiliaryValueAndGrad<Point: TensorTree, Auxiliary: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> (Tensor, Auxiliary), at point: Point, allowInt: Bool,
    place: String?
) throws(Failure) -> (value: (value: Tensor, auxiliary: Auxiliary), gradient: Point) {
    let result = try differentiate({ (point) throws(Failure) in
        let (value, auxiliary) = try function(point)
        return TreePair(first: value, second: auxiliary)
    }, at: point, allowInt: allowInt, place: place, auxiliaryFallback: { () throws(Failure) in try function(point).1 })
    return ((result.value.first, result.value.second), result.gradient)
}
