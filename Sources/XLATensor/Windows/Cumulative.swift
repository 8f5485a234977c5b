import XLAIR

/// Cumulative sum along `axis` (`jnp.cumsum`, with `lax.cumsum`'s
/// `reverse`): element `i` is the sum of elements `0...i` (of `i..<n` when
/// `reverse`). A nil `axis` flattens `x` first; a scalar has no axis to
/// name, so an explicit `axis` on one is an error, as in JAX. `bool` sums in the default
/// integer type; other types keep theirs.
///
/// Computed as JAX does on CPU, a `reduce_window` with a window of the
/// whole axis and `n - 1` elements of padding, so results are JAX's bit for
/// bit; the gradient is the reverse cumulative sum, in the same form.
///
/// ```swift
/// cumsum(Tensor([[1, 2, 3], [4, 5, 6]]))           // [1, 3, 6, 10, 15, 21]
/// cumsum(Tensor([[1, 2, 3], [4, 5, 6]]), axis: 1)  // [[1, 3, 6], [4, 9, 15]]
/// ```
public func cumsum(_ x: Tensor, axis: Int? = nil, reverse: Bool = false,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    cumulative(.sum, "cumsum", x, axis: axis, reverse: reverse, place: location(file, line))
}

/// Cumulative product along `axis` (`jnp.cumprod`, with `lax.cumprod`'s
/// `reverse`); see ``cumsum(_:axis:reverse:file:line:)``. The gradient is
/// JAX's: that of ``associativeScan(_:_:reverse:axis:file:line:)`` with
/// multiplication.
public func cumprod(_ x: Tensor, axis: Int? = nil, reverse: Bool = false,
                    file: String = #fileID, line: Int = #line) -> Tensor {
    cumulative(.product, "cumprod", x, axis: axis, reverse: reverse, place: location(file, line))
}

/// Running maximum along `axis` (`lax.cummax`; a nil `axis` flattens `x`).
/// `bool` is rejected, as in JAX. The gradient is JAX's: that of
/// ``associativeScan(_:_:reverse:axis:file:line:)`` with ``maximum(_:_:)``,
/// which splits ties the way JAX's does.
public func cummax(_ x: Tensor, axis: Int? = nil, reverse: Bool = false,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    cumulative(.max, "cummax", x, axis: axis, reverse: reverse, place: location(file, line))
}

/// Running minimum along `axis` (`lax.cummin`); see
/// ``cummax(_:axis:reverse:file:line:)``.
public func cummin(_ x: Tensor, axis: Int? = nil, reverse: Bool = false,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    cumulative(.min, "cummin", x, axis: axis, reverse: reverse, place: location(file, line))
}

/// A cumulative reduction as `jnp`/`lax` define it: flatten for a nil axis
/// (a scalar with an explicit axis is an error, as in JAX), promote `bool` for sums and products, reduce with a
/// window of the whole axis; `product`, `max` and `min` take their
/// gradient from the associative scan, as JAX's JVP rule does.
private func cumulative(_ reduction: WindowReduction, _ name: String, _ x: Tensor, axis: Int?, reverse: Bool,
                        place: String?) -> Tensor {
    var input = axis == nil ? x.reshaped([x.size]) : x
    guard let axis = Tensor.normalize(axis: axis ?? 0, rank: input.rank) else {
        return .invalid(name, [x], "axis \(axis ?? 0) is out of range for shape \(x.shape)", location: place, result: x.type)
    }
    if input.dtype == .bool {
        guard reduction == .sum || reduction == .product else {
            return .invalid(name, [x], "\(name) does not accept bool; it needs numbers", location: place, result: x.type)
        }
        input = input.converted(to: .int64)
    }
    let count = input.shape[axis]
    guard count > 0 else { return input }
    let windowed = { (x: Tensor) in
        var (window, padding) = (x.shape.map { _ in 1 }, x.shape.map { _ in Padding.Pair(0, 0) })
        window[axis] = count
        padding[axis] = reverse ? Padding.Pair(0, count - 1) : Padding.Pair(count - 1, 0)
        return reduceWindow(x, reduction, windowDimensions: window, padding: .explicit(padding))
    }
    guard reduction != .sum, input.dtype.isFloatingPoint else { return windowed(input) }
    let combine: (Tensor, Tensor) -> Tensor = switch reduction {
    case .max: maximum
    case .min: minimum
    default: (*)
    }
    let scan = { (x: Tensor) in associativeScan(combine, x, reverse: reverse, axis: axis) }
    return customVJP(forward: { (x: Tensor) in (windowed(x), x) },
                     backward: { x, cotangent in vjp(scan, x).pullback(cotangent) })(input)
}
