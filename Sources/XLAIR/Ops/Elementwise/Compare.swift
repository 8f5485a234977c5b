/// `compare`: elementwise comparison giving `bool` elements.
///
/// Attributes: `direction` (`EQ`, `NE`, `LT`, `LE`, `GT`, `GE`) and an
/// optional `compare_type` (`FLOAT`, `TOTALORDER`, `SIGNED`, `UNSIGNED`),
/// by default the one the element type implies. Integer and bool
/// comparisons fold.
public struct Compare: ConfiguredOp {
    /// `compare`.
    public let name = "compare"

    /// The attributes: the direction and, when given, the comparison type.
    public struct Configuration: OpConfiguration {
        /// How the operands are compared.
        public var direction: Direction
        /// The comparison type, nil for the one the element type implies.
        public var compareType: ComparisonType?

        /// Reads `direction` and the optional `compare_type`.
        public init(_ attributes: AttributeReader) throws {
            direction = try attributes.choice("direction")
            compareType = try attributes.choice("compare_type", default: nil)
        }
    }

    /// The relations a comparison tests, by StableHLO name.
    public enum Direction: String, CaseIterable, Sendable {
        /// Equal, not equal.
        case equal = "EQ", notEqual = "NE"
        /// Less, less or equal.
        case less = "LT", lessOrEqual = "LE"
        /// Greater, greater or equal.
        case greater = "GT", greaterOrEqual = "GE"
    }

    /// StableHLO's comparison types.
    public enum ComparisonType: String, CaseIterable, Sendable {
        /// IEEE comparison of floats, NaN unordered.
        case float = "FLOAT"
        /// A total order of floats.
        case totalOrder = "TOTALORDER"
        /// Signed and unsigned integer comparison.
        case signed = "SIGNED", unsigned = "UNSIGNED"
    }

    /// `direction` and `compare_type`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("direction", .string, allowedValues: Direction.allCases.map(\.rawValue)),
         AttributeSpec("compare_type", .string, required: false, allowedValues: ComparisonType.allCases.map(\.rawValue))]
    }

    /// The operands' shape with `bool` elements.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        let type = try context.sameTypes(in: .any)
        if let kind = try configuration(of: context).compareType {
            let isFloatKind = kind == .float || kind == .totalOrder
            guard isFloatKind == type.elementType.isFloatingPoint else {
                throw context.invalidAttribute("compare_type", "\(kind.rawValue) does not apply to \(type.elementType)")
            }
        }
        return [TensorType(.bool, type.shape)]
    }

    /// `stablehlo.compare` with its direction and comparison type.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let configuration = try configuration(of: instruction)
        let kind = configuration.compareType?.rawValue ?? Compare.defaultType(for: instruction.operands[0].type.elementType)
        writer.operation("stablehlo.compare", instruction, properties: [
            "comparison_direction = #stablehlo<comparison_direction \(configuration.direction.rawValue)>",
            "compare_type = #stablehlo<comparison_type \(kind)>",
        ])
    }

    /// Compares integer and bool constants.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let direction = try? configuration(of: instruction).direction else { return nil }
        return foldIntegers(operands, into: instruction.resultTypes[0]) { values, type in
            let (a, b) = (values[0], values[1])
            let less = BinaryElementwise.less(a, b, type)
            let result = switch direction {
            case .equal: a == b
            case .notEqual: a != b
            case .less: less
            case .lessOrEqual: less || a == b
            case .greater: !less && a != b
            case .greaterOrEqual: !less
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
