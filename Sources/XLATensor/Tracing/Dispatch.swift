import XLAIR
import XLARuntime

extension Tensor {
    /// Applies an IR op to tensors: records it into the current trace, or
    /// runs it at once when there is none. Every tensor operation goes
    /// through here.
    ///
    /// A mistake never throws: the results are poisoned tensors carrying the
    /// error (and the trace remembers it). `fallback` gives their types.
    static func apply(_ op: Op, _ operands: [Tensor], attributes: Attributes = [:], location: String? = nil,
                      fallback: [TensorType]) -> [Tensor] {
        if let error = operands.lazy.compactMap(\.error).first {
            return fallback.map { Tensor.poisoned(error, type: $0) }
        }
        let trace = TracingContext.current
        do {
            if let trace {
                return try record(op, operands, attributes, location, in: trace)
            }
            if let traced = operands.first(where: { if case .traced = $0.storage { true } else { false } }),
               case let .traced(_, origin) = traced.storage, !origin.isOpen {
                throw TensorError.escapedTracer(location: location)
            }
            return try EagerExecutor.shared.run(op, operands, attributes: attributes, location: location)
        } catch {
            let tensorError = TensorError(error)
            trace?.fail(tensorError)
            return fallback.map { Tensor.poisoned(tensorError, type: $0) }
        }
    }

    /// Single-result form of ``apply(_:_:attributes:location:fallback:)``.
    static func apply(_ op: Op, _ operands: [Tensor], attributes: Attributes = [:], location: String? = nil,
                      fallback: TensorType) -> Tensor {
        apply(op, operands, attributes: attributes, location: location, fallback: [fallback])[0]
    }

    private static func record(_ op: Op, _ operands: [Tensor], _ attributes: Attributes, _ location: String?,
                               in trace: TracingContext) throws -> [Tensor] {
        let values = try operands.map { try trace.localValue(of: $0, location: location) }
        let results = try trace.builder.append(op, values, attributes: attributes, location: location ?? trace.location,
                                               nameScope: NamedScope.current)
        let tensors = results.map { Tensor(.traced($0, trace), type: $0.type) }
        OperationObserver.notify(op.name, operands, tensors)
        return tensors
    }
}

extension TensorError {
    /// Wraps IR and runtime errors; keeps tensor errors as they are.
    init(_ error: any Error) {
        switch error {
        case let error as TensorError: self = error
        case let error as IRError: self = .invalidOperation(error)
        case let error as XLAError: self = .runtime(error)
        default: self = .invalidTransformation(reason: "\(error)", location: nil)
        }
    }
}
