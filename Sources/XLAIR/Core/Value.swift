/// An SSA value: the result of one instruction, or an argument of a region.
///
/// A value carries its type, so a pass can read an operand's type without a
/// lookup. Ids are unique within one ``Function`` (nested regions included);
/// ``Function/makeValue(_:)`` and ``FunctionBuilder`` hand out fresh ones.
public struct Value: Hashable, Sendable {
    /// The id, unique within the function that defines the value.
    public let id: Int
    /// The value's tensor type.
    public let type: TensorType

    /// Creates a value; prefer ``Function/makeValue(_:)`` or a builder, which
    /// keep ids unique.
    public init(id: Int, type: TensorType) {
        self.id = id
        self.type = type
    }
}
