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
        let leaves = input.leaves
        guard splitRNG, Frame.current != nil else {
            return vmap(function, inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                        file: file, line: line)(input)
        }
        let size = axisSize ?? inAxes.flatMap { axis in
            leaves.first.map { $0.shape[axis < 0 ? axis + $0.rank : axis] }
        } ?? 1
        let keys = PRNGKey(data: stack(nextRNGKeys(size, file: file, line: line).map(\.data)))
        let lanes = vmap({ (lane: Lane<Input>) in withRNG(lane.key) { function(lane.input) } },
                         inAxes: Array(repeating: inAxes, count: leaves.count) + [0], outAxes: outAxes,
                         axisSize: axisSize, axisName: axisName, file: file, line: line)
        return lanes(Lane(input: input, key: keys))
    }
}

/// One example's input and its own random key.
private struct Lane<Input: TensorTree>: TensorTree {
    var input: Input
    var key: PRNGKey

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Lane {
        Lane(input: try input.mapTensors(transform), key: try key.mapTensors(transform))
    }
}
