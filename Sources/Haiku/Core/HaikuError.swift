/// A mistake in using Haiku: what went wrong, with the names involved and
/// where in the user's code. Thrown by `initialize` and `apply`.
public enum HaikuError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `apply` asked for a parameter that `initialize` did not create.
    case missingParameter(name: String, module: String, location: String?)
    /// `initialize` asked for a parameter that does not exist yet without
    /// giving an initializer to create it with.
    case missingInitializer(name: String, module: String, location: String?)
    /// A parameter was created while applying (parameters are frozen).
    case parameterCreatedDuringApply(name: String, module: String, location: String?)
    /// A random key was needed but `initialize` or `apply` got none.
    case missingRNG(location: String?)
    /// State was used in a function given to `transform` (not `transformWithState`).
    case stateInStatelessTransform(names: [String])
    /// A module name that is not an identifier.
    case invalidModuleName(String, location: String?)
    /// Two modules were given the same explicit name in one scope.
    case duplicateModuleName(String)
    /// A parameter or state exists with another shape or dtype than asked.
    case shapeMismatch(name: String, existing: TensorType, requested: TensorType, location: String?)
    /// `parameter`, `getState`, `nextRNGKey`, ... outside any transform.
    case outsideTransform(function: String, location: String?)
    /// `getState` found no value and was given no initializer.
    case missingState(name: String, module: String, location: String?)
    /// A key given to `initialize`, `apply`, `withRNG` or a `PRNGSequence`
    /// is not one key (`uint32[2]`): a batch of keys, or another type.
    case invalidKey(TensorType, location: String?)
    /// A key given to `initialize`, `apply`, `withRNG` or a `PRNGSequence`
    /// is poisoned by an earlier error (the cause): data `PRNGKey(data:)`
    /// rejected, or the result of a failed operation.
    case poisonedKey(TensorError, location: String?)
    /// A configuration a function or module does not accept.
    case invalidArgument(String, location: String?)
    /// A module's method made a parameter or state value without running
    /// through its method boundary (``Module/method(_:name:nameLike:_:)``),
    /// so submodules it makes would be named in the caller's scope.
    case missingMethodBoundary(module: String, method: String, value: String, location: String?)
    /// None of a module's methods ran through its method boundary, yet a
    /// submodule made in its initializer ran (called by a method of it that
    /// forgot the boundary).
    case submoduleOutsideMethodBoundary(module: String, className: String, submodule: String)

    /// One sentence saying what went wrong and how to fix it.
    public var description: String {
        switch self {
        case let .missingParameter(name, module, location):
            return "Unable to retrieve parameter '\(name)' for module '\(module)'\(at(location)): all parameters must be created by `initialize`."
        case let .missingInitializer(name, module, location):
            return "Parameter '\(name)' of module '\(module)' does not exist yet\(at(location)): give `parameter` an initializer (`init:`) where it is first created."
        case let .parameterCreatedDuringApply(name, module, location):
            return "Parameter '\(name)' of module '\(module)' was created during `apply`\(at(location)); create every parameter in `initialize`."
        case let .missingRNG(location):
            return "A random key is needed\(at(location)): pass a non-nil PRNGKey to `initialize` and/or `apply` when the function uses random numbers."
        case let .stateInStatelessTransform(names):
            return "The function uses getState/setState (\(names.joined(separator: ", "))): use `transformWithState` instead of `transform`."
        case let .invalidModuleName(name, location):
            return "'\(name)' is not a valid module name\(at(location)) (it must be an identifier: a letter or _ then letters, digits or _)."
        case let .duplicateModuleName(name):
            return "Module name '\(name)' is not unique."
        case let .shapeMismatch(name, existing, requested, location):
            return "'\(name)' is \(existing) but \(requested) was requested\(at(location))."
        case let .outsideTransform(function, location):
            return "`\(function)` was used outside `transform`\(at(location)); it must run inside a function given to `transform` or `transformWithState`."
        case let .missingState(name, module, location):
            return "No value for state '\(name)' in '\(module)'\(at(location)); give `getState` a shape, dtype and initializer."
        case let .invalidKey(type, location):
            let batch = type.elementType == .uint32 && type.shape.count > 1 && type.shape.last == 2
            return "A random key must be uint32[2], not \(type)\(at(location))" +
                (batch ? " (a batch of keys: pass one of them, such as keys[0])." : ".")
        case let .poisonedKey(cause, location):
            return "The random key given\(at(location)) is not usable: \(cause)"
        case let .invalidArgument(reason, location):
            return "Invalid argument\(at(location)): \(reason)."
        case let .missingMethodBoundary(module, method, value, location):
            return "Module '\(module)' made '\(value)' in `\(method)`\(at(location)) outside its method boundary: " +
                "wrap the method's body in `method(arguments) { ... }`, or conform to `UnaryModule` and implement " +
                "`forward(_:)` instead of `callAsFunction(_:)`, so that its submodules are named after it as in Haiku."
        case let .submoduleOutsideMethodBoundary(module, className, submodule):
            return "Module '\(module)' (\(className)) never ran a method through its method boundary, yet '\(submodule)', " +
                "made in its initializer, ran: wrap the body of the \(className) method that called " +
                "'\(submodule)' in `method(arguments) { ... }` (or conform to `UnaryModule`), so that its " +
                "submodules are named after it as in Haiku; call a child from outside only through its parent."
        }
    }

    private func at(_ location: String?) -> String { location.map { " at \($0)" } ?? "" }
}

extension HaikuError {
    /// A tensor poisoned by this error, which the current run records (so
    /// `initialize`/`apply` throw it); outside a run, reading it throws.
    func poisoned(_ type: TensorType) -> Tensor {
        Tensor(failure: Frame.current?.fail(self) ?? .invalidTransformation(reason: description, location: nil), type: type)
    }
}

/// `file:line` of a call in the user's code; nil inside this library, so
/// that errors name the nearest user location instead.
func location(_ file: String, _ line: Int) -> String? {
    file.hasPrefix("Haiku/") ? nil : "\(file):\(line)"
}
