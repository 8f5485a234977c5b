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

    /// Throws the kept error, if there is one.
    func rethrow() throws(Failure) {
        if let thrown { throw thrown }
    }
}
