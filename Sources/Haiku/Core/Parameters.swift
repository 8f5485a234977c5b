/// A parameter of the current module (`hk.get_parameter`): created by
/// `initializer` in `initialize`, read from the given parameters in `apply`.
/// The same name in the same module is the same value.
///
/// ```swift
/// let w = parameter("w", shape: [3, 2], init: TruncatedNormal(stddev: 0.5))
/// ```
///
/// Mistakes (no transform, a missing parameter in `apply`, another shape
/// than the existing one) are thrown by `initialize`/`apply`; the value
/// returned meanwhile is poisoned.
public func parameter(
    _ name: String, shape: [Int], dtype: ElementType = .float32, init initializer: any Initializer,
    file: String = #fileID, line: Int = #line
) -> Tensor {
    let place = location(file, line)
    let requested = TensorType(dtype, shape)
    guard let frame = Frame.current else {
        return Tensor(failure: .invalidTransformation(
            reason: HaikuError.outsideTransform(function: "parameter", location: place).description, location: place),
                      type: requested)
    }
    let bundle = frame.bundle
    let context = GetterContext(fullName: "\(bundle)/\(name)", module: frame.modules.last, originalDType: dtype,
                                originalShape: shape)
    var value: Tensor
    if let existing = frame.params[bundle]?[name] {
        value = existing
    } else if frame.isInitializing {
        value = frame.create(shape, dtype, initializer, context: context, forState: false)
        frame.params[bundle, default: [:]][name] = value
    } else {
        let error = frame.fail(.missingParameter(name: name, module: bundle, location: place))
        return Tensor(failure: error, type: requested)
    }
    value = frame.get(value, context: context, forState: false)
    guard value.shape == shape else {
        let error = frame.fail(.shapeMismatch(name: context.fullName, existing: value.type, requested: requested, location: place))
        return Tensor(failure: error, type: requested)
    }
    return value
}

/// A state value of the current module (`hk.get_state`): its current
/// value, or, the first time, one made by `initializer` (which then needs
/// `shape`; `dtype` defaults to float32).
public func getState(
    _ name: String, shape: [Int]? = nil, dtype: ElementType = .float32, init initializer: (any Initializer)? = nil,
    file: String = #fileID, line: Int = #line
) -> Tensor {
    let place = location(file, line)
    let fallback = TensorType(dtype, shape ?? [])
    guard let frame = Frame.current else {
        return Tensor(failure: .invalidTransformation(
            reason: HaikuError.outsideTransform(function: "getState", location: place).description, location: place),
                      type: fallback)
    }
    let bundle = frame.bundle
    let context = GetterContext(fullName: "\(bundle)/\(name)", module: frame.modules.last, originalDType: dtype,
                                originalShape: shape ?? [])
    if let pair = frame.state[bundle]?[name] {
        return frame.get(pair.current, context: context, forState: true)
    }
    guard let initializer, let shape else {
        return Tensor(failure: frame.fail(.missingState(name: name, module: bundle, location: place)), type: fallback)
    }
    let value = frame.create(shape, dtype, initializer, context: context, forState: true)
    frame.state[bundle, default: [:]][name] = StatePair(initial: value, current: value)
    return frame.get(value, context: context, forState: true)
}

/// Sets a state value of the current module (`hk.set_state`), creating it
/// if needed. `initialize` returns each state's first value, `apply` the
/// last one set.
public func setState(_ name: String, _ value: Tensor, file: String = #fileID, line: Int = #line) {
    guard let frame = Frame.current else {
        _ = Tensor(failure: .invalidTransformation(
            reason: HaikuError.outsideTransform(function: "setState", location: location(file, line)).description,
            location: location(file, line)), type: value.type)
        return
    }
    let bundle = frame.bundle
    if var pair = frame.state[bundle]?[name] {
        pair.current = value
        frame.state[bundle]![name] = pair
    } else {
        frame.state[bundle, default: [:]][name] = StatePair(initial: value, current: value)
    }
}
