import Synchronization
import XLAIR
import XLARuntime

/// A function being recorded: the IR builder, the concrete values it
/// captured, and the first error an operation made.
///
/// The current trace is task-local (``TracingContext/current``): operations consult
/// it to decide whether to record or to run, so tracing works in plain
/// synchronous code and in concurrent tasks alike. A transformation that
/// traces a function inside another trace (`grad` inside `jit`) opens a
/// child trace: tensors of its ancestors (and concrete tensors) used in the
/// child become parameters of the child's function, remembered in
/// ``imported`` so the transformation can pass the outer values in.
final class TracingContext: @unchecked Sendable {
    /// The trace operations record into, if any.
    @TaskLocal static var current: TracingContext?

    /// While user code is re-run for a derivative (a custom rule, a
    /// rematerialized function): substitutes for traced tensors it captured
    /// from other traces, so the captured tensors can be used here.
    @TaskLocal static var inlining: Inlining?

    /// Traced tensors (by trace and value) and the values of `target` that
    /// stand for them.
    struct Inlining {
        let target: TracingContext
        let values: [ImportKey: Value]

        /// Substitutes for `source`'s values, given by id.
        init(target: TracingContext, source: TracingContext, values: [Int: Value]) {
            self.target = target
            self.values = Dictionary(uniqueKeysWithValues: values.map { (.traced(ObjectIdentifier(source), $0.key), $0.value) })
        }

        /// Substitutes given by key.
        init(target: TracingContext, values: [ImportKey: Value]) {
            self.target = target
            self.values = values
        }
    }

    /// The function under construction.
    let builder: FunctionBuilder
    /// Where the transformation was called (`file:line`).
    let location: String?
    /// The enclosing trace, for a child trace.
    let parent: TracingContext?
    private let state = Mutex(State())

    private struct State {
        var isOpen = true
        var firstError: TensorError?
        /// Device buffers used inside the trace, passed as hidden parameters.
        var captured: [(buffer: Buffer, value: Value)] = []
        /// In a child trace: the outer tensors behind extra parameters.
        var imported: [(parameter: Value, outer: Tensor, key: ImportKey)] = []
    }

    /// What identifies an imported tensor: its trace and value, or its buffer.
    enum ImportKey: Hashable {
        case traced(ObjectIdentifier, Int)
        case concrete(ObjectIdentifier)
        case host(ObjectIdentifier)
    }

    init(name: String = "main", location: String?, parent: TracingContext? = nil) {
        builder = FunctionBuilder(name: name)
        self.location = location
        self.parent = parent
    }

    /// The outer tensors a child trace imported, in parameter order after
    /// the explicit parameters.
    var imported: [(parameter: Value, outer: Tensor)] {
        state.withLock { $0.imported.map { ($0.parameter, $0.outer) } }
    }

    /// The traced outer tensors a child trace imported, with their keys.
    var importedTraced: [(key: ImportKey, outer: Tensor)] {
        state.withLock { state in
            state.imported.compactMap { entry in
                if case .traced = entry.key { return (entry.key, entry.outer) }
                return nil
            }
        }
    }

    /// The value standing for `tensor` in this trace: its own traced values
    /// as they are; in a child trace, anything else becomes an imported
    /// parameter; in a root trace, concrete tensors are captured.
    ///
    /// - Throws: the error of a poisoned tensor, or
    ///   ``TensorError/escapedTracer(location:)`` for a value of a trace
    ///   that is neither this one nor an open ancestor.
    func localValue(of tensor: Tensor, location: String?) throws -> Value {
        let key: ImportKey
        switch tensor.storage {
        case let .traced(value, origin) where origin === self:
            return value
        case let .traced(value, origin):
            if let inlining = TracingContext.inlining, let substitute = inlining.values[.traced(ObjectIdentifier(origin), value.id)] {
                return try localValue(of: Tensor(.traced(substitute, inlining.target), type: substitute.type), location: location)
            }
            guard origin.isOpen, isDescendant(of: origin) else { throw TensorError.escapedTracer(location: location) }
            key = .traced(ObjectIdentifier(origin), value.id)
        case let .poisoned(error):
            throw error
        case let .device(buffer):
            if parent == nil { return captureBuffer(buffer) }
            key = .concrete(ObjectIdentifier(buffer))
        case let .host(host):
            if parent == nil { return try capture(tensor, client: EagerExecutor.shared.client()) }
            key = .host(ObjectIdentifier(host))
        }
        return state.withLock { state in
            if let existing = state.imported.first(where: { $0.key == key }) { return existing.parameter }
            let parameter = builder.parameter(tensor.type)
            state.imported.append((parameter, tensor, key))
            return parameter
        }
    }

    private func isDescendant(of ancestor: TracingContext) -> Bool {
        var trace = parent
        while let current = trace {
            if current === ancestor { return true }
            trace = current.parent
        }
        return false
    }

    /// Runs `body` with this trace current.
    func record<Result>(_ body: () throws -> Result) rethrows -> Result {
        try TracingContext.$current.withValue(self, operation: body)
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
        case let .host(host) where host.literal.elementCount <= TracingContext.largestInlinedConstant:
            return builder.constant(host.literal)
        case let .host(host):
            return captureBuffer(try host.buffer(on: client))
        case let .device(buffer):
            return captureBuffer(buffer)
        case .traced, .poisoned:
            preconditionFailure("capture takes concrete tensors")
        }
    }

    func captureBuffer(_ buffer: Buffer) -> Value {
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
