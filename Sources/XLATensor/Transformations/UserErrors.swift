/// The error a user's closure threw while a transformation ran it.
///
/// A transformation's own failures become poisoned results (reported when a
/// value is read), but an error the user's closure throws ends the
/// transformation: the closure runs through ``running(_:)`` or
/// ``guarding(_:)``, which keep the error here while it unwinds the trace,
/// and `withTrace` rethrows it with its own type where the transformation
/// would have returned. One instance serves one call of a transformation.
final class UserErrors<Failure: Error> {
    /// The error the closure threw, once it has.
    private(set) var thrown: Failure?

    /// `body`'s result; an error it throws is kept, then rethrown.
    func running<Result>(_ body: () throws(Failure) -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            thrown = error
            throw error
        }
    }

    /// `function` running through ``running(_:)``.
    func guarding<Input, Output>(_ function: @escaping (Input) throws(Failure) -> Output) -> (Input) throws -> Output {
        { input in try self.running { () throws(Failure) in try function(input) } }
    }

    /// Throws the kept error, if there is one, or the user's error that
    /// `caught` carries from a custom derivative, if it has this type.
    func rethrow(_ caught: any Error) throws(Failure) {
        if let thrown { throw thrown }
        if let deferred = caught as? DeferredUserError, let typed = deferred.error as? Failure { throw typed }
    }
}

/// An error a user's closure threw while a transformation other than the
/// one that took the closure ran it: a custom derivative's `backward`,
/// which the enclosing `grad`, `vjp` or `jvp` runs while differentiating.
/// That transformation rethrows ``error`` when its own closure's error type
/// matches; otherwise the error poisons its results, with this description.
struct DeferredUserError: Error, CustomStringConvertible {
    /// What the closure threw.
    let error: any Error

    init(_ error: any Error) { self.error = error }

    var description: String { "a custom derivative's backward threw \(error)" }
}
