/// Every error of the IR layer: building, verifying, parsing, transforming
/// and lowering programs.
///
/// Cases carry the op, the types involved and a location (a user's
/// `file:line` when the tracer recorded one, else a position in the IR such
/// as `@main, %3`); ``description`` reads as one sentence.
public enum IRError: Error, Hashable, Sendable {
    /// An op was given operands whose number, types or shapes it does not accept.
    case invalidOperands(op: String, operandTypes: [TensorType], reason: String, location: String?)
    /// An attribute is missing, unknown, of the wrong kind or out of range.
    case invalidAttribute(op: String, attribute: String, reason: String, location: String?)
    /// An instruction declares result types other than its op infers.
    case resultTypeMismatch(op: String, declared: [TensorType], inferred: [TensorType], location: String?)
    /// An operand is not defined before its use in a visible scope.
    case undefinedValue(op: String, value: String, location: String?)
    /// A region, function or program is malformed (region count, return
    /// types, duplicate definitions, a missing callee).
    case invalidStructure(reason: String, location: String?)
    /// No op of this name is registered.
    case unknownOp(name: String, location: String?)
    /// IR text could not be parsed.
    case parse(message: String, line: Int, column: Int)
    /// Reverse-mode differentiation reached an op without a gradient rule.
    case notDifferentiable(op: String, location: String?)
    /// Reverse-mode differentiation reached a `while` loop whose trip count
    /// is known only at run time (a `whileLoop`; `scan` and `forLoop`
    /// record theirs).
    case dynamicTripCount(location: String?)
    /// `vmap` reached an op without a batching rule.
    case notBatchable(op: String, location: String?)
    /// An op has no StableHLO lowering (an effect that a pass should have
    /// removed first, for instance).
    case notLowerable(op: String, reason: String, location: String?)
}

extension IRError: CustomStringConvertible {
    /// One sentence naming the op, the types and where it happened.
    public var description: String {
        switch self {
        case let .invalidOperands(op, types, reason, location):
            let list = types.isEmpty ? "no operands" : "operands " + types.map(\.description).joined(separator: ", ")
            return "\(op)\(Self.at(location)) cannot take \(list): \(reason)."
        case let .invalidAttribute(op, attribute, reason, location):
            return "\(op)\(Self.at(location)) has an invalid attribute '\(attribute)': \(reason)."
        case let .resultTypeMismatch(op, declared, inferred, location):
            return "\(op)\(Self.at(location)) declares results (\(Self.list(declared))) but its operands give (\(Self.list(inferred)))."
        case let .undefinedValue(op, value, location):
            return "\(op)\(Self.at(location)) uses \(value), which is not defined before it in a visible scope."
        case let .invalidStructure(reason, location):
            return "Malformed IR\(Self.at(location)): \(reason)."
        case let .unknownOp(name, location):
            return "Unknown op '\(name)'\(Self.at(location)); register its OpDefinition with OpRegistry before using it."
        case let .parse(message, line, column):
            return "IR text line \(line), column \(column): \(message)."
        case let .notDifferentiable(op, location):
            return "\(op)\(Self.at(location)) has no gradient rule, so it cannot be differentiated in reverse mode."
        case let .dynamicTripCount(location):
            return "whileLoop\(Self.at(location)) cannot be differentiated in reverse mode: its trip count is known only at run time. Use scan, or forLoop with static bounds, which record their trip count (as JAX recommends lax.scan over lax.while_loop)."
        case let .notBatchable(op, location):
            return "\(op)\(Self.at(location)) has no batching rule, so it cannot be used under vmap with batched operands."
        case let .notLowerable(op, reason, location):
            return "\(op)\(Self.at(location)) cannot be lowered to StableHLO: \(reason)."
        }
    }

    private static func at(_ location: String?) -> String {
        location.map { " at \($0)" } ?? ""
    }

    private static func list(_ types: [TensorType]) -> String {
        types.map(\.description).joined(separator: ", ")
    }
}
