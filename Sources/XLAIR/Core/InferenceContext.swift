/// What a shape and type rule sees: the operand types, attributes and region
/// signatures.
public struct InferenceContext: Sendable {
    /// The op's name.
    public var op: String
    /// The operand types, in order.
    public var operandTypes: [TensorType]
    /// The attributes.
    public var attributes: Attributes
    /// The signature of each region.
    public var regions: [RegionSignature]
    /// Where the instruction is, for error messages.
    public var location: String?

    /// Creates a context.
    public init(op: String, operandTypes: [TensorType], attributes: Attributes = [:], regions: [RegionSignature] = [],
                location: String? = nil) {
        self.op = op
        self.operandTypes = operandTypes
        self.attributes = attributes
        self.regions = regions
        self.location = location
    }

    /// An operand error with a reason.
    public func invalid(_ reason: String) -> IRError {
        .invalidOperands(op: op, operandTypes: operandTypes, reason: reason, location: location)
    }

    /// An attribute error with a reason.
    public func invalidAttribute(_ name: String, _ reason: String) -> IRError {
        .invalidAttribute(op: op, attribute: name, reason: reason, location: location)
    }

    /// Checks the operand count.
    public func expectOperands(_ count: Int) throws {
        guard operandTypes.count == count else {
            throw invalid("it takes \(count) operand\(count == 1 ? "" : "s"), not \(operandTypes.count)")
        }
    }
}
