/// `jax.vmap` with Haiku's control over random keys (`hk.vmap`): with
/// `splitRNG: false` every example draws the same keys; with `true` each
/// example gets its own key sequence, split from one ``nextRNGKey(file:line:)``.
///
/// Parameters and state are shared by all examples either way (plain
/// `vmap` inside a transformed function behaves as `splitRNG: false`).
/// Use `splitRNG: !runningInit()` when the function creates parameters
/// from random keys: keys split per example would make them differ.
public func vmap<Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (Input) -> Output, inAxes: Int? = 0, outAxes: Int = 0, axisSize: Int? = nil,
    axisName: String? = nil, splitRNG: Bool, file: String = #fileID, line: Int = #line
) -> (Input) -> Output {
    { input in
        keyedVMap(function, input, inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                  splitRNG: splitRNG, file: file, line: line)
    }
}

/// `hk.vmap` of a closure that throws: its error comes out of the mapped
/// function, with its type.
public func vmap<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output, inAxes: Int? = 0, outAxes: Int = 0,
    axisSize: Int? = nil, axisName: String? = nil, splitRNG: Bool, file: String = #fileID, line: Int = #line
) -> (Input) throws(Failure) -> Output {
    { input throws(Failure) in
        try keyedVMap(function, input, inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                      splitRNG: splitRNG, file: file, line: line)
    }
}

/// One call of `hk.vmap`'s mapped function.
private func keyedVMap<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output, _ input: Input, inAxes: Int?, outAxes: Int,
    axisSize: Int?, axisName: String?, splitRNG: Bool, file: String, line: Int
) throws(Failure) -> Output {
    let leaves = input.leaves
    guard splitRNG, Frame.current != nil else {
        return try vmap(function, inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                        file: file, line: line)(input)
    }
    let size = axisSize ?? inAxes.flatMap { axis in
        leaves.first.map { $0.shape[axis < 0 ? axis + $0.rank : axis] }
    } ?? 1
    let keys = PRNGKey(data: stack(nextRNGKeys(size, file: file, line: line).map(\.data)))
    let lanes = vmap({ (lane: Lane<Input>) throws(Failure) in
        try withRNG(lane.key) { Result { () throws(Failure) in try function(lane.input) } }.get()
    }, inAxes: Array(repeating: inAxes, count: leaves.count) + [0], outAxes: outAxes,
    axisSize: axisSize, axisName: axisName, file: file, line: line)
    return try lanes(Lane(input: input, key: keys))
}

/// One example's input and its own random key.
private struct Lane<Input: TensorTree>: TensorTree {
    var input: Input
    var key: PRNGKey

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Lane {
        Lane(input: try input.mapTensors(transform), key: try key.mapTensors(transform))
    }
}
