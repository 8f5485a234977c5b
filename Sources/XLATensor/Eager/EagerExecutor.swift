import Synchronization
import XLAIR
import XLARuntime

/// Runs operations outside any trace: each op becomes a one-instruction
/// program, compiled once per (op, attributes, operand types) and cached,
/// then executed asynchronously on the default device.
final class EagerExecutor: Sendable {
    /// The executor of the process.
    static let shared = EagerExecutor()

    private struct Key: Hashable {
        let op: Op
        let attributes: Attributes
        let operandTypes: [TensorType]
    }

    private let executables = Mutex(LRUCache<Key, Executable>(capacity: EagerCache.defaultCapacity))

    /// The most op programs kept; the least recently used beyond it are dropped.
    var capacity: Int {
        get { executables.withLock { $0.capacity } }
        set { executables.withLock { $0.capacity = newValue } }
    }

    /// The number of op programs held.
    var count: Int { executables.withLock { $0.count } }

    /// Drops every op program.
    func removeAll() { executables.withLock { $0.removeAll() } }

    /// The client eager operations run on.
    func client() throws -> Client { try Client.shared() }

    /// Runs `op` on concrete operands and returns its (asynchronous) results.
    func run(_ op: Op, _ operands: [Tensor], attributes: Attributes, location: String?) throws -> [Tensor] {
        let client = try client()
        let key = Key(op: op, attributes: attributes, operandTypes: operands.map(\.type))
        let executable = try executables.withLock { $0.value(for: key) } ?? compile(key, client: client, location: location)
        // Run where the operands live, as JAX does; host values follow them.
        let devices = Set(operands.compactMap(\.device))
        guard devices.count <= 1 else {
            throw TensorError.invalidOperation(.invalidOperands(
                op: op.name, operandTypes: operands.map(\.type),
                reason: "operands live on different devices (\(devices.map(\.description).sorted().joined(separator: ", "))); move them with toDevice first",
                location: location))
        }
        let device = devices.first ?? client.defaultDevice
        let buffers = try operands.map { try $0.concreteBuffer(on: device) }
        return try executable.execute(buffers, on: device).map { Tensor(.device($0), type: $0.type) }
    }

    /// Compiles the op's program and reports the compile (``CompileReports``).
    private func compile(_ key: Key, client: Client, location: String?) throws -> Executable {
        let clock = ContinuousClock()
        let start = clock.now
        let builder = FunctionBuilder()
        let parameters = key.operandTypes.map { builder.parameter($0) }
        let results = try builder.append(key.op, parameters, attributes: key.attributes, location: location)
        let program = try Program(name: "eager_" + key.op.name, functions: [builder.finish(returning: results)])
            .stableHLO(for: LoweringTarget(platform: client.platformName))
        let lowered = clock.now
        let (executable, outcome) = try client.compileWithOutcome(program, options: CompileOptions(portable: true))
        executables.withLock { $0.insert(executable, for: key) }
        CompileReports.publish(CompileReport(
            function: location ?? "an eager operation", cause: .eagerOperation(op: key.op.name, operandTypes: key.operandTypes),
            traceTime: .zero, loweringTime: lowered - start, compileTime: outcome.duration, source: outcome.source))
        return executable
    }
}
