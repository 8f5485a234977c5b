import XLAIR
import XLARuntime

/// An error of the tensor layer: a shape or dtype mistake in an operation, a
/// traced value used where a concrete one is needed, or a runtime failure.
///
/// Operations never throw: a mistake poisons the result, and the error is
/// thrown where a value is read or a trace ends (`jit`, ...).
public enum TensorError: Error, Equatable, Sendable {
    /// An operation was given operands it does not accept (the op, the
    /// operand types, why, and where in the user's code).
    case invalidOperation(IRError)
    /// The runtime failed to compile, run or read a program.
    case runtime(XLAError)
    /// A traced value was read as a Swift number inside a trace (JAX's
    /// concretization error).
    case concretization(operation: String, location: String?)
    /// A traced value was used after its trace ended (JAX's leaked tracer).
    case escapedTracer(location: String?)
    /// A transformation was used in a way it does not support.
    case invalidTransformation(reason: String, location: String?)
}

extension TensorError: CustomStringConvertible {
    /// One sentence saying what went wrong and where.
    public var description: String {
        switch self {
        case let .invalidOperation(error):
            return error.description
        case let .runtime(error):
            return error.description
        case let .concretization(operation, location):
            return "\(operation)\(Self.at(location)) needs a concrete value, but the tensor is traced inside jit or another transformation; pass it as a static argument or compute without reading it."
        case let .escapedTracer(location):
            return "A traced tensor was used\(Self.at(location)) after the transformation that traced it had finished; return it from the transformed function instead of storing it."
        case let .invalidTransformation(reason, location):
            return "Invalid use of a transformation\(Self.at(location)): \(reason)."
        }
    }

    private static func at(_ location: String?) -> String {
        location.map { " at \($0)" } ?? ""
    }
}
