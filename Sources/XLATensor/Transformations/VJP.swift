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

/// ``vjp(_:_:file:line:)-(_,_,_,_)`` of a closure that throws: its error
/// comes out of `vjp` (which runs it once) and out of the pullback (which
/// traces it again), with its type.
public func vjp<Point: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Point) throws(Failure) -> Output, _ point: Point, file: String = #fileID, line: Int = #line
) throws(Failure) -> (output: Output, pullback: (Output) throws(Failure) -> Point) {
    let place = location(file, line)
    return (try function(point), { (output: Output) throws(Failure) in
        try cotangent(of: function, at: point, for: output, location: place)
    })
}

/// The pullback of `function` at `point`, without computing its output.
func pullback<Point: TensorTree, Output: TensorTree>(
    of function: @escaping (Point) -> Output, at point: Point, location place: String?
) -> (Output) -> Point {
    { cotangent(of: function, at: point, for: $0, location: place) }
}

/// The cotangent of `point` for the output cotangent `outputCotangent` of
/// `function` (one call of a pullback).
func cotangent<Point: TensorTree, Output: TensorTree, Failure: Error>(
    of function: @escaping (Point) throws(Failure) -> Output, at point: Point, for outputCotangent: Output,
    location place: String?
) throws(Failure) -> Point {
    let errors = UserErrors<Failure>()
    let input = TreePair(first: point, second: outputCotangent)
    return try withTrace(input, location: place, errors: errors, fallback: { () throws(Failure) in point }) { trace, input in
        try reverseDifferentiate(errors.guarding(function), at: input.first, in: trace, location: place) { _, trace in
            try trace.values(of: input.second, location: place).map { Optional($0) }
        }.gradient
    }
}
