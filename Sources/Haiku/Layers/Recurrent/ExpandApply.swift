/// `f` applied to its input with a new axis of size one at `axis` (0 or
/// −1) on every leaf, that axis then removed from every leaf of the result
/// (`hk.expand_apply`): runs a batched function, such as a core's step, on
/// a single example.
///
/// ```swift
/// let y = expandApply({ (x: Tensor) in Linear(3)(x) })(Tensor.ones([4]))  // [3]
/// ```
///
/// Another `axis` is an error.
public func expandApply<Input: TensorTree, Output: TensorTree>(
    _ f: @escaping (Input) -> Output, axis: Int = 0
) -> (Input) -> Output {
    { inputs in
        guard axis == 0 || axis == -1 else {
            let error = HaikuError.invalidArgument("expandApply: axis must be 0 or -1, not \(axis)", location: nil)
            return error.poisoning(f(inputs))
        }
        let output = f(inputs.mapTensors { $0.expandingDimensions(axis: axis) })
        return output.mapTensors { $0.squeezed(axes: [axis]) }
    }
}
