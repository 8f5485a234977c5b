extension Module {
    /// A mistake in using this module, naming it as Haiku's errors do:
    /// `"batch_norm (BatchNorm): <reason>"`.
    func invalidArgument(_ reason: String) -> HaikuError {
        .invalidArgument("\(moduleName) (\(className)): \(reason)", location: nil)
    }
}

extension HaikuError {
    /// The reason of an ``invalidArgument(_:location:)``, or the description.
    var reason: String {
        if case let .invalidArgument(reason, _) = self { return reason }
        return description
    }
}
