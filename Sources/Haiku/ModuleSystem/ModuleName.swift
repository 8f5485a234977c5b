import Synchronization

/// The `name` argument of a module's initializer: an explicit name, or nil
/// for one made from the class name.
///
/// Declare it last with a `nil` default (`name: ModuleName = nil`) and pass
/// it to `super.init(name:)`. Besides the name it records when the call to
/// the initializer began, so modules created in the initializer before
/// `super.init` become its children (`parent/~/child`), while modules
/// passed in as arguments keep their own names, as in Haiku.
///
/// ```swift
/// final class Encoder: Module {
///     let hidden: Linear
///     init(name: ModuleName = nil) {
///         hidden = Linear(32)             // named "encoder/~/linear"
///         super.init(name: name)
///     }
/// }
/// ```
public struct ModuleName: ExpressibleByStringInterpolation, ExpressibleByNilLiteral, Sendable {
    /// The explicit name, if one was given.
    public let value: String?
    /// The creation counter when the initializer call began.
    let constructionStart: Int

    /// An explicit name, or nil for the class name in snake case.
    public init(_ value: String?) {
        self.value = value
        constructionStart = CreationCounter.next()
    }

    /// No explicit name.
    public init(nilLiteral: ()) { self.init(nil) }

    /// An explicit name.
    public init(stringLiteral value: String) { self.init(Optional(value)) }
}

/// Orders module creation across the process.
enum CreationCounter {
    private static let counter = Mutex(0)

    static func next() -> Int { counter.withLock { $0 += 1; return $0 } }
}
