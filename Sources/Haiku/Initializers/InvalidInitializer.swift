/// The result of an initializer called with arguments it rejects, where
/// Haiku raises `ValueError`: a poisoned tensor of the requested shape and
/// dtype, so that nothing crashes; `initialize` throws
/// ``HaikuError/invalidArgument(_:location:)`` with `reason`.
func invalidInitializer(_ reason: String, _ shape: [Int], _ dtype: ElementType) -> Tensor {
    HaikuError.invalidArgument(reason, location: nil).poisoned(TensorType(dtype, shape))
}
