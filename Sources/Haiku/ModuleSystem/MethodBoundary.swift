/// A method interceptor (`hk.intercept_methods`): called instead of every
/// module method while registered, with the arguments (each as the method
/// declares it: a `Tensor` is a `Tensor`) and a ``MethodContext``; it calls
/// `next` to run the rest of the chain (or `context.originalMethod` to skip
/// it) and may change arguments and result, e.g. with
/// ``mapTensors(in:_:)-([Any],_)``:
///
/// ```swift
/// interceptMethods({ next, arguments, context in
///     guard context.isMethod("callAsFunction"), context.module is Linear else { return next(arguments) }
///     return next(mapTensors(in: arguments) { $0 * 2 })
/// }) { try f.apply(params, x) }
/// ```
public typealias MethodInterceptor = (_ next: ([Any]) -> Any, _ arguments: [Any], _ context: MethodContext) -> Any

/// What a method interceptor is told about the call (`hk.MethodContext`).
public struct MethodContext {
    /// The module whose method runs.
    public let module: Module
    /// Haiku's name of the method: `__call__` for `callAsFunction`.
    public let methodName: String
    /// The method's name in Swift, without its labels: `callAsFunction`.
    public let swiftMethodName: String
    /// The method itself, skipping the remaining interceptors.
    public let originalMethod: ([Any]) -> Any

    /// Whether the method is `name`, spelled as in Swift (`callAsFunction`,
    /// `encode`, also with labels: `encode(_:)`) or as in Haiku (`__call__`).
    public func isMethod(_ name: String) -> Bool {
        let base = String(name.prefix { $0 != "(" })
        return base == methodName || base == swiftMethodName
    }
}

extension Module {
    /// The method boundary: every public module method runs its body
    /// through it. Inside, submodules, parameters and state are named after
    /// this module, and method interceptors see the call.
    ///
    /// - Parameters:
    ///   - arguments: the method's arguments, passed on to `body` (an
    ///     interceptor may replace them).
    ///   - name: the method's name (`#function`); `callAsFunction` is
    ///     Haiku's `__call__`.
    ///   - nameLike: name submodules as if made in this other method
    ///     (`hk.experimental.name_like`).
    ///   - body: the method's work.
    public func method<each Argument, Result>(
        _ arguments: repeat each Argument, name: String = #function, nameLike: String? = nil,
        _ body: (repeat each Argument) -> Result
    ) -> Result {
        guard let frame = Frame.current else { return body(repeat each arguments) }
        let methodName = Module.haikuMethodName(name)
        _ = moduleName
        usedItsBoundary = true
        frame.scopes.append(NamingScope(owner: self, method: nameLike.map(Module.haikuMethodName) ?? methodName))
        frame.modules.append(self)
        defer {
            frame.scopes.removeLast()
            frame.modules.removeLast()
            frame.recordCall(of: self)
        }
        // A name scope only names; method interceptors do not see it (as Haiku's `name_scope`).
        // Mixed-precision policies run first, as Haiku's global interceptor does;
        // then the hooks of toDot and friends, then the frame's own interceptors.
        let interceptors = self is NameScopeModule
            ? [] : mixedPrecisionInterceptors + MethodHooks.installed.interceptors + frame.interceptors
        guard !interceptors.isEmpty else { return body(repeat each arguments) }

        var packed: [Any] = []
        for argument in repeat each arguments { packed.append(argument) }
        return withoutActuallyEscaping(body) { body in
            intercepted(body, packed, interceptors: interceptors, frame: frame, methodName: methodName,
                        swiftName: String(name.prefix { $0 != "(" }), types: repeat (each Argument).self)
        }
    }

    /// Runs `body` through the method interceptors.
    private func intercepted<each Argument, Result>(
        _ body: @escaping (repeat each Argument) -> Result, _ packed: [Any], interceptors: [MethodInterceptor],
        frame: Frame, methodName: String, swiftName: String, types: repeat (each Argument).Type
    ) -> Result {
        let original: ([Any]) -> Any = { values in
            if let result = callUnpacking(body, values, as: repeat each types) { return result }
            _ = frame.fail(.invalidArgument("a method interceptor passed arguments of other types to \(self.moduleName).\(methodName)", location: nil))
            return callUnpacking(body, packed, as: repeat each types)!
        }
        let context = MethodContext(module: self, methodName: methodName, swiftMethodName: swiftName,
                                    originalMethod: original)
        // The first interceptor registered runs first.
        let chain = interceptors.reversed().reduce(original) { next, interceptor in
            { values in interceptor(next, values, context) }
        }
        let result = chain(packed)
        if let typed = result as? Result { return typed }
        _ = frame.fail(.invalidArgument("a method interceptor returned \(type(of: result)) from \(moduleName).\(methodName), not \(Result.self)", location: nil))
        return original(packed) as! Result
    }

    /// `callAsFunction(_:)` → `__call__`; `encode(_:)` → `encode`.
    static func haikuMethodName(_ function: String) -> String {
        let base = String(function.prefix { $0 != "(" })
        return base == "callAsFunction" ? "__call__" : base
    }
}

/// Runs `body` with `interceptor` seeing every module method call
/// (`hk.intercept_methods`); interceptors stack in registration order.
public func interceptMethods<Result>(_ interceptor: @escaping MethodInterceptor, _ body: () throws -> Result) rethrows -> Result {
    guard let frame = Frame.current else { return try body() }
    frame.interceptors.append(interceptor)
    defer { frame.interceptors.removeLast() }
    return try body()
}

/// `body` called with `values` cast back to its argument types; nil when
/// the count or a type does not match.
private func callUnpacking<each Argument, Result>(
    _ body: (repeat each Argument) -> Result, _ values: [Any], as types: repeat (each Argument).Type
) -> Result? {
    var count = 0
    for _ in repeat each types { count += 1 }
    guard values.count == count else { return nil }
    var index = 0
    var valid = true
    for type in repeat each types {
        if !isValue(values[index], of: type) { valid = false }
        index += 1
    }
    guard valid else { return nil }
    index = 0
    func take<T>(_ type: T.Type) -> T {
        defer { index += 1 }
        return values[index] as! T
    }
    return body(repeat take(each types))
}

private func isValue<T>(_ value: Any, of type: T.Type) -> Bool { value is T }
