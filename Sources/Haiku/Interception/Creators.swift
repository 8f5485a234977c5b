/// What custom creators and getters are told about a value
/// (`hk.GetterContext`).
public struct GetterContext {
    /// The full name, `module/name` (`~/name` outside modules).
    public let fullName: String
    /// The module creating or reading the value; nil outside modules.
    public let module: Module?
    /// The dtype asked for.
    public let originalDType: ElementType
    /// The shape asked for.
    public let originalShape: [Int]

    /// The module part of ``fullName``.
    public var moduleName: String { String(fullName[..<(fullName.lastIndex(of: "/") ?? fullName.startIndex)]) }
    /// The last part of ``fullName``.
    public var name: String { String(fullName.split(separator: "/").last ?? "") }
}

/// A custom creator (`hk.custom_creator`): runs when a parameter (or state)
/// is created, instead of its initializer; call `next` to go on.
public typealias Creator = (
    _ next: ([Int], ElementType, any Initializer) -> Tensor, _ shape: [Int], _ dtype: ElementType,
    _ initializer: any Initializer, _ context: GetterContext
) -> Tensor

/// A custom getter (`hk.custom_getter`): runs on every read of a parameter
/// (or state) and may change the value; call `next` to go on.
public typealias Getter = (_ next: (Tensor) -> Tensor, _ value: Tensor, _ context: GetterContext) -> Tensor

/// Runs `body` with `creator` intercepting the creation of parameters
/// (and of state with `state: true`). Creators stack in registration order:
/// the first registered runs first.
public func customCreator<Result>(
    _ creator: @escaping Creator, params: Bool = true, state: Bool = false, _ body: () throws -> Result
) rethrows -> Result {
    try intercepting(\.creators, Interception(function: creator, params: params, state: state), body)
}

/// Runs `body` with `getter` seeing every read of a parameter (and of
/// state with `state: true`), in registration order.
public func customGetter<Result>(
    _ getter: @escaping Getter, params: Bool = true, state: Bool = false, _ body: () throws -> Result
) rethrows -> Result {
    try intercepting(\.getters, Interception(function: getter, params: params, state: state), body)
}

/// Runs `body` with `interception` on top of the current frame's `stack`.
private func intercepting<Function, Result>(
    _ stack: ReferenceWritableKeyPath<Frame, [Interception<Function>]>, _ interception: Interception<Function>,
    _ body: () throws -> Result
) rethrows -> Result {
    guard let frame = Frame.current else { return try body() }
    frame[keyPath: stack].append(interception)
    defer { frame[keyPath: stack].removeLast() }
    return try body()
}

extension Frame {
    /// Creates a value through the registered creators, then `initializer`.
    func create(_ shape: [Int], _ dtype: ElementType, _ initializer: any Initializer, context: GetterContext,
                forState: Bool) -> Tensor {
        let chain = creators.filter { forState ? $0.state : $0.params }.map(\.function)
        func run(_ index: Int, _ shape: [Int], _ dtype: ElementType, _ initializer: any Initializer) -> Tensor {
            guard index < chain.count else { return initializer(shape, dtype: dtype) }
            return chain[index]({ run(index + 1, $0, $1, $2) }, shape, dtype, initializer, context)
        }
        return run(0, shape, dtype, initializer)
    }

    /// Reads a value through the registered getters.
    func get(_ value: Tensor, context: GetterContext, forState: Bool) -> Tensor {
        let chain = getters.filter { forState ? $0.state : $0.params }.map(\.function)
        func run(_ index: Int, _ value: Tensor) -> Tensor {
            guard index < chain.count else { return value }
            return chain[index]({ run(index + 1, $0) }, value, context)
        }
        return run(0, value)
    }
}
