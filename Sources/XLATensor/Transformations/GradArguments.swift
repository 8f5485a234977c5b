/// `function`'s value and its gradients with respect to every argument
/// (`jax.value_and_grad(f, argnums=(0, 1, ...))`): a function of two or
/// more trees gets one gradient per argument, in a tuple, without packing
/// the arguments into one tree by hand. Arguments not to differentiate are
/// closed over, the Swift spelling of leaving them out of `argnums`. An
/// error `function` throws comes out of the call, with its type.
///
/// ```swift
/// let (loss, (dW, db)) = valueAndGrad { (w: Tensor, b: Tensor) in lossOf(w, b) }(w, b)
/// ```
public func valueAndGrad<First: TensorTree, Second: TensorTree, each Rest: TensorTree, Failure: Error>(
    _ function: @escaping (First, Second, repeat each Rest) throws(Failure) -> Tensor, allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> ValueAndGradFunction<First, Second, repeat each Rest, Failure> {
    ValueAndGradFunction(function: function, allowInt: allowInt, place: location(file, line))
}

/// The gradients of `function` with respect to each of its arguments
/// (`jax.grad(f, argnums=(0, 1, ...))`), as a tuple; see
/// ``valueAndGrad(_:allowInt:file:line:)-(_,_,_,_)``.
///
/// ```swift
/// let (dW, db) = grad { (w: Tensor, b: Tensor) in lossOf(w, b) }(w, b)
/// ```
public func grad<First: TensorTree, Second: TensorTree, each Rest: TensorTree, Failure: Error>(
    _ function: @escaping (First, Second, repeat each Rest) throws(Failure) -> Tensor, allowInt: Bool = false,
    file: String = #fileID, line: Int = #line
) -> GradFunction<First, Second, repeat each Rest, Failure> {
    GradFunction(of: valueAndGrad(function, allowInt: allowInt, file: file, line: line))
}

/// What ``valueAndGrad(_:allowInt:file:line:)-(_,_,_,_)`` returns for a
/// function of two or more arguments: call it with the arguments. (A
/// type, not a closure: Swift 6.3 cannot call a closure whose parameters
/// end in a pack of three or more directly.)
public struct ValueAndGradFunction<First: TensorTree, Second: TensorTree, each Rest: TensorTree, Failure: Error> {
    let function: (First, Second, repeat each Rest) throws(Failure) -> Tensor
    let allowInt: Bool
    let place: String?

    /// The function's value at the arguments and its gradient with respect
    /// to each argument.
    public func callAsFunction(
        _ first: First, _ second: Second, _ rest: repeat each Rest
    ) throws(Failure) -> (value: Tensor, gradient: (First, Second, repeat each Rest)) {
        let point = Arguments<First, Second, repeat each Rest>(first: first, second: second, rest: (repeat each rest))
        let function = self.function
        let result = try differentiate({ (point: Arguments<First, Second, repeat each Rest>) throws(Failure) in
            TreePair(first: try function(point.first, point.second, repeat each point.rest), second: [Tensor]())
        }, at: point, allowInt: allowInt, place: place, auxiliaryFallback: { () throws(Failure) in [] })
        let gradient = result.gradient
        return (result.value.first, (gradient.first, gradient.second, repeat each gradient.rest))
    }
}

/// What ``grad(_:allowInt:file:line:)-(_,_,_,_)`` returns for a function
/// of two or more arguments: call it with the arguments.
public struct GradFunction<First: TensorTree, Second: TensorTree, each Rest: TensorTree, Failure: Error> {
    let both: ValueAndGradFunction<First, Second, repeat each Rest, Failure>

    init(of both: ValueAndGradFunction<First, Second, repeat each Rest, Failure>) { self.both = both }

    /// The function's gradient with respect to each argument.
    public func callAsFunction(
        _ first: First, _ second: Second, _ rest: repeat each Rest
    ) throws(Failure) -> (First, Second, repeat each Rest) {
        try both(first, second, repeat each rest).gradient
    }
}

/// Several trees as one: a function's arguments, differentiated together.
private struct Arguments<First: TensorTree, Second: TensorTree, each Rest: TensorTree>: TensorTree {
    var first: First
    var second: Second
    var rest: (repeat each Rest)

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Arguments {
        Arguments(first: try first.mapTensors(transform), second: try second.mapTensors(transform),
                  rest: (repeat try (each rest).mapTensors(transform)))
    }
}
