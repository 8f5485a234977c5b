import Foundation

/// `body` run on a thread of its own (another process of a group, in
/// these tests); ``wait()`` returns what it returned or throws what it threw.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, any Error>?

    init(_ body: @escaping @Sendable () throws -> Value) {
        Thread { [self] in
            let outcome = Result { try body() }
            condition.lock()
            result = outcome
            condition.signal()
            condition.unlock()
        }.start()
    }

    /// Waits for `body` to end.
    func wait() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
