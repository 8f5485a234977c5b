/// The result of an initializer called with arguments it rejects, where
/// Haiku raises `ValueError`: a poisoned tensor of the requested shape and
/// dtype, so that nothing crashes; `initialize` throws
/// ``HaikuError/invalidArgument(_:location:)`` with `reason`.
func invalidInitializer(_ reason: String, _ shape: [Int], _ dtype: ElementType) -> Tensor {
    let error = HaikuError.invalidArgument(reason, location: nil)
    return Tensor(failure: Frame.current?.fail(error) ?? .invalidTransformation(reason: error.description, location: nil),
                  type: TensorType(dtype, shape))
}
