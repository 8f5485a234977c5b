/// `compare`: elementwise comparison giving `bool` elements.
///
/// Attributes: `direction` (`EQ`, `NE`, `LT`, `LE`, `GT`, `GE`) and an
/// optional `compare_type` (`FLOAT`, `TOTALORDER`, `SIGNED`, `UNSIGNED`),
/// by default the one the element type implies. Integer and bool
/// comparisons fold.
public struct Compare: OpDefinition {
    /// `compare`.
    public let name = "compare"

    /// `direction` and `compare_type`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("direction", .string, allowedValues: ["EQ", "NE", "LT", "LE", "GT", "GE"]),
         AttributeSpec("compare_type", .string, required: false, allowedValues: ["FLOAT", "TOTALORDER", "SIGNED", "UNSIGNED"])]
    }

    /// The operands' shape with `bool` elements.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        let type = try context.sameTypes(in: .any)
        if let kind = context.string("compare_type") {
            let isFloatKind = kind == "FLOAT" || kind == "TOTALORDER"
            guard isFloatKind == type.elementType.isFloatingPoint else {
                throw context.invalidAttribute("compare_type", "\(kind) does not apply to \(type.elementType)")
            }
        }
        return [TensorType(.bool, type.shape)]
    }

    /// `stablehlo.compare` with its direction and comparison type.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        guard let direction = instruction.attributes.string("direction") else { return }
        var kind = Compare.defaultType(for: instruction.operands[0].type.elementType)
        if let given = instruction.attributes.string("compare_type") { kind = given }
        writer.operation("stablehlo.compare", instruction, properties: [
            "comparison_direction = #stablehlo<comparison_direction \(direction)>",
            "compare_type = #stablehlo<comparison_type \(kind)>",
        ])
    }

    /// Compares integer and bool constants.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let direction = instruction.attributes.string("direction") else { return nil }
        return foldIntegers(operands, into: instruction.resultTypes[0]) { values, type in
            let (a, b) = (values[0], values[1])
            let less = BinaryElementwise.less(a, b, type)
            let result = switch direction {
            case "EQ": a == b
            case "NE": a != b
            case "LT": less
            case "LE": less || a == b
            case "GT": !less && a != b
            default: !less
            }
            return result ? 1 : 0
        }
    }

    /// The comparison type an element type implies: `FLOAT`, `SIGNED`, or
    /// `UNSIGNED` (for unsigned integers and `bool`).
    public static func defaultType(for elementType: ElementType) -> String {
        if elementType.isFloatingPoint { return "FLOAT" }
        return elementType.isSignedInteger ? "SIGNED" : "UNSIGNED"
    }
}

extension Op {
    /// Elementwise comparison; see ``Compare``.
    public static let compare = Op(Compare())
}

extension Compare {
    /// Not differentiable: every operand cotangent is zero.
    public var differentiability: Differentiability { .zeroGradient }
}

extension Compare {
    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}
