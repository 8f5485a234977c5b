extension Module {
    /// A mistake in using this module, naming it as Haiku's errors do:
    /// `"batch_norm (BatchNorm): <reason>"`.
    func invalidArgument(_ reason: String) -> HaikuError {
        .invalidArgument("\(moduleName) (\(className)): \(reason)", location: nil)
    }
}

extension Module {
    /// `body`'s result; a `HaikuError` it throws is recorded naming this
    /// module (`"layer_norm (LayerNorm): ..."`), and the result is a tensor
    /// of `inputs`' type poisoned by it.
    func reportingErrors(_ inputs: Tensor, _ body: () throws(HaikuError) -> Tensor) -> Tensor {
        reportingErrors(inputs.type, body)
    }

    /// `body`'s result; a `HaikuError` it throws is recorded naming this
    /// module, and the result is a tensor of `resultType` poisoned by it.
    func reportingErrors(_ resultType: TensorType, _ body: () throws(HaikuError) -> Tensor) -> Tensor {
        do throws(HaikuError) {
            return try body()
        } catch {
            return invalidArgument(error.reason).poisoned(resultType)
        }
    }
}

extension HaikuError {
    /// The reason of an ``invalidArgument(_:location:)``, or the description.
    var reason: String {
        if case let .invalidArgument(reason, _) = self { return reason }
        return description
    }
}
