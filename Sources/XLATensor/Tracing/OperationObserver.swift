/// What identifies one tensor value while a function is traced: the same
/// value seen as an operand, a result, an argument or an output has the same
/// identity, so a graph of the computation can be drawn from the operations
/// an ``OperationObserver`` sees (Haiku's `to_dot` uses object identity).
public struct TensorIdentity: Hashable, Sendable {
    let key: TracingContext.ImportKey
}

extension Tensor {
    /// The tensor's identity for graphs of a traced computation; nil for a
    /// poisoned tensor (one carrying an error).
    public var identity: TensorIdentity? {
        switch storage {
        case let .traced(value, origin): TensorIdentity(key: .traced(ObjectIdentifier(origin), value.id))
        case let .device(buffer): TensorIdentity(key: .concrete(ObjectIdentifier(buffer)))
        case let .host(host): TensorIdentity(key: .host(ObjectIdentifier(host)))
        case .poisoned: nil
        }
    }
}

/// One operation recorded into a trace: its op's name in IR text (`add`,
/// `dot_general`), its operands and its results.
public struct ObservedOperation {
    /// The op's name in IR text.
    public let name: String
    /// The operands, as the caller passed them (traced or concrete).
    public let operands: [Tensor]
    /// The results (traced).
    public let results: [Tensor]
}

/// Sees every operation recorded into a trace while it is installed
/// (``observingOperations(_:_:)``); operations run eagerly are not seen.
public final class OperationObserver: @unchecked Sendable {
    @TaskLocal static var current: OperationObserver?

    private let observe: (ObservedOperation) -> Void

    /// An observer calling `observe` for each recorded operation, in order.
    public init(_ observe: @escaping (ObservedOperation) -> Void) {
        self.observe = observe
    }

    /// Tells the installed observer, if any, of an operation just recorded.
    static func notify(_ name: String, _ operands: [Tensor], _ results: [Tensor]) {
        current?.observe(ObservedOperation(name: name, operands: operands, results: results))
    }
}

/// Runs `body` with `observer` seeing every operation recorded into a trace
/// (in any trace `body` opens), innermost observer only.
public func observingOperations<Result>(_ observer: OperationObserver, _ body: () throws -> Result) rethrows -> Result {
    try OperationObserver.$current.withValue(observer, operation: body)
}
