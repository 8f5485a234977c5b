/// Max pool (`hk.max_pool`): the largest element of each window, padding
/// counting as `-inf`.
///
/// ```swift
/// let x = Tensor.arange(16, dtype: .float32).reshaped([1, 4, 4, 1])
/// let y = maxPool(x, windowShape: 2, strides: 2, padding: .valid)  // [[[[5], [7]], [[13], [15]]]]
/// ```
///
/// Its gradient gives each window's cotangent to the first largest element
/// in row-major window order, bit for bit as `jax.grad` of `hk.max_pool`,
/// computed without `select_and_scatter` (see `Docs/Pooling.md`).
///
/// - Parameters:
///   - windowShape: an `Int` applies to every axis but the first and
///     `channelAxis`; a list gives trailing axes (leading ones get 1).
///   - strides: as `windowShape`.
///   - padding: `.valid` or `.same` (Haiku's only two; others are an error).
///   - channelAxis: the axis an `Int` window or stride skips; nil for none.
public func maxPool(_ value: Tensor, windowShape: PoolShape, strides: PoolShape, padding: Padding,
                    channelAxis: Int? = -1, file: String = #fileID, line: Int = #line) -> Tensor {
    pool(value, windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis,
         function: "maxPool", place: location(file, line)) { window, strides in
        reduceWindow(value, .max, windowDimensions: window, windowStrides: strides, padding: padding)
    }
}

/// Average pool (`hk.avg_pool`): the mean of each window. With `.valid`
/// padding every window holds `windowShape`'s product of elements; with
/// `.same` each is divided by how many of its elements are not padding, as
/// Haiku does.
///
/// ```swift
/// let x = Tensor.arange(16, dtype: .float32).reshaped([1, 4, 4, 1])
/// let y = avgPool(x, windowShape: 3, strides: 2, padding: .same)  // [[[[5], [6.5]], [[11], [12.5]]]]
/// ```
///
/// Arguments as ``maxPool(_:windowShape:strides:padding:channelAxis:file:line:)``.
public func avgPool(_ value: Tensor, windowShape: PoolShape, strides: PoolShape, padding: Padding,
                    channelAxis: Int? = -1, file: String = #fileID, line: Int = #line) -> Tensor {
    pool(value, windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis,
         function: "avgPool", place: location(file, line)) { window, strides in
        let sum = { (x: Tensor) in reduceWindow(x, .sum, windowDimensions: window, windowStrides: strides, padding: padding) }
        let pooled = sum(value)
        guard padding == .same else { return pooled / Double(window.reduce(1, *)) }
        let countShape = zip(value.shape, window).map { $1 == 1 ? 1 : $0 }
        return pooled / sum(Tensor.ones(countShape, dtype: value.dtype))
    }
}

/// Checks Haiku's padding and expands the window and strides, then pools.
private func pool(_ value: Tensor, windowShape: PoolShape, strides: PoolShape, padding: Padding, channelAxis: Int?,
                  function: String, place: String?, _ body: ([Int], [Int]) -> Tensor) -> Tensor {
    let fail = { (reason: String) in
        HaikuError.invalidArgument("\(function) of shape \(value.shape): \(reason)", location: place).poisoned(value.type)
    }
    guard padding == .same || padding == .valid else {
        return fail("padding must be .same or .valid, not \(padding)")
    }
    switch (windowShape.expanded(rank: value.rank, channelAxis: channelAxis),
            strides.expanded(rank: value.rank, channelAxis: channelAxis)) {
    case let (.success(window), .success(strides)): return body(window, strides)
    case let (.failure(error), _): return fail("windowShape \(windowShape): \(error.reason)")
    case let (_, .failure(error)): return fail("strides \(strides): \(error.reason)")
    }
}
