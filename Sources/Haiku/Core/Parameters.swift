/// A parameter of the current module (`hk.get_parameter`): created by
/// `initializer` in `initialize`, read from the given parameters in `apply`.
/// The same name in the same module is the same value.
///
/// ```swift
/// let w = parameter("w", shape: [3, 2], init: TruncatedNormal(stddev: 0.5))
/// ```
///
/// Without an initializer it only reads a parameter that exists
/// (`hk.get_parameter(name, shape)` with no `init`).
///
/// Mistakes (no transform, a missing parameter in `apply`, or in
/// `initialize` without an initializer, another shape than the existing
/// one) are thrown by `initialize`/`apply`; the value returned meanwhile is
/// poisoned.
public func parameter(
    _ name: String, shape: [Int], dtype: ElementType = .float32, init initializer: (any Initializer)? = nil,
    file: String = #fileID, line: Int = #line
) -> Tensor {
    let place = location(file, line)
    let requested = TensorType(dtype, shape)
    guard let frame = Frame.current else {
        return HaikuError.outsideTransform(function: "parameter", location: place).poisoned(requested)
    }
    let bundle = frame.bundle
    let context = GetterContext(fullName: "\(bundle)/\(name)", module: frame.modules.last, originalDType: dtype,
                                originalShape: shape)
    var value: Tensor
    if let existing = frame.params[bundle]?[name] {
        value = existing
    } else if frame.isInitializing, let initializer {
        value = frame.create(shape, dtype, initializer, context: context, forState: false)
        frame.params[bundle, default: [:]][name] = value
    } else if frame.isInitializing {
        return HaikuError.missingInitializer(name: name, module: bundle, location: place).poisoned(requested)
    } else {
        return HaikuError.missingParameter(name: name, module: bundle, location: place).poisoned(requested)
    }
    value = frame.get(value, context: context, forState: false)
    guard value.shape == shape else {
        return HaikuError.shapeMismatch(name: context.fullName, existing: value.type, requested: requested, location: place)
            .poisoned(requested)
    }
    return value
}

/// ``parameter(_:shape:dtype:init:file:line:)`` with a closure as the
/// initializer, like JAX's plain functions (`init: jnp.ones`).
public func parameter(
    _ name: String, shape: [Int], dtype: ElementType = .float32,
    init initializer: @escaping ([Int], ElementType) -> Tensor, file: String = #fileID, line: Int = #line
) -> Tensor {
    parameter(name, shape: shape, dtype: dtype, init: InitializerFunction(initializer), file: file, line: line)
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
        return HaikuError.outsideTransform(function: "getState", location: place).poisoned(fallback)
    }
    let bundle = frame.bundle
    let context = GetterContext(fullName: "\(bundle)/\(name)", module: frame.modules.last, originalDType: dtype,
                                originalShape: shape ?? [])
    if let pair = frame.state[bundle]?[name] {
        return frame.get(pair.current, context: context, forState: true)
    }
    guard let initializer, let shape else {
        return HaikuError.missingState(name: name, module: bundle, location: place).poisoned(fallback)
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
        _ = HaikuError.outsideTransform(function: "setState", location: location(file, line)).poisoned(value.type)
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
