import Synchronization
import XLAIR
import XLARuntime

/// A function being recorded: the IR builder, the concrete values it
/// captured, and the first error an operation made.
///
/// The current trace is task-local (``Trace/current``): operations consult
/// it to decide whether to record or to run, so tracing works in plain
/// synchronous code and in concurrent tasks alike.
final class Trace: @unchecked Sendable {
    /// The trace operations record into, if any.
    @TaskLocal static var current: Trace?

    /// The function under construction.
    let builder: FunctionBuilder
    /// Where the transformation was called (`file:line`).
    let location: String?
    private let state = Mutex(State())

    private struct State {
        var isOpen = true
        var firstError: TensorError?
        /// Device buffers used inside the trace, passed as hidden parameters.
        var captured: [(buffer: Buffer, value: Value)] = []
    }

    init(name: String = "main", location: String?) {
        builder = FunctionBuilder(name: name)
        self.location = location
    }

    /// Runs `body` with this trace current.
    func record<Result>(_ body: () throws -> Result) rethrows -> Result {
        try Trace.$current.withValue(self, operation: body)
    }

    /// Whether the trace still accepts operations.
    var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Ends the trace: its tensors can no longer be used.
    func close() { state.withLock { $0.isOpen = false } }

    /// Remembers the first error made while tracing.
    func fail(_ error: TensorError) {
        state.withLock { if $0.firstError == nil { $0.firstError = error } }
    }

    /// The first error made while tracing, if any.
    var firstError: TensorError? { state.withLock { $0.firstError } }

    /// The IR value standing for a concrete tensor used inside the trace:
    /// small host values become constants, device buffers hidden parameters.
    func capture(_ tensor: Tensor, client: Client) throws -> Value {
        switch tensor.storage {
        case let .host(host) where host.literal.elementCount <= Trace.largestInlinedConstant:
            return builder.constant(host.literal)
        case let .host(host):
            return captureBuffer(try host.buffer(on: client))
        case let .device(buffer):
            return captureBuffer(buffer)
        case .traced, .poisoned:
            preconditionFailure("capture takes concrete tensors")
        }
    }

    private func captureBuffer(_ buffer: Buffer) -> Value {
        state.withLock { state in
            if let existing = state.captured.first(where: { $0.buffer === buffer }) { return existing.value }
            let value = builder.parameter(buffer.type)
            state.captured.append((buffer, value))
            return value
        }
    }

    /// The captured buffers, in parameter order after the explicit ones.
    var capturedBuffers: [Buffer] { state.withLock { $0.captured.map(\.buffer) } }

    /// Host values up to this many elements are inlined as constants.
    static let largestInlinedConstant = 1024
}
