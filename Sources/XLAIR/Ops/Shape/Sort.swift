/// `sort(x0, x1, ...)`: sorts operands of one shape together along
/// `dimension`, ordered by the first `num_keys` operands lexicographically
/// (default 1), `ascending` (the default) or `descending`; the others are
/// carried along (JAX's `lax.sort` and `lax.sort_key_val`). The sort is
/// stable: equal keys keep their order. Floats compare by total order
/// (`-NaN < -inf < ... < -0 < +0 < ... < inf < NaN`).
///
/// Lowered as `stablehlo.sort` with a comparator region.
public struct Sort: OpDefinition {
    /// `sort`.
    public let name = "sort"

    /// `dimension`, optional `num_keys` and `direction`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("dimension", .int), AttributeSpec("num_keys", .int, required: false),
         AttributeSpec("direction", .string, required: false, allowedValues: ["ascending", "descending"])]
    }

    /// The operands' types, unchanged.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let types = context.operandTypes
        guard let first = types.first else { throw context.invalid("it needs at least one operand") }
        guard types.allSatisfy({ $0.shape == first.shape }) else { throw context.invalid("the operands' shapes differ") }
        try context.checkDimensions([context.int("dimension")], rank: first.shape.count, attribute: "dimension")
        let keys = context.attributes.int("num_keys") ?? 1
        guard (1...types.count).contains(keys) else {
            throw context.invalidAttribute("num_keys", "\(keys) is not between 1 and the \(types.count) operands")
        }
        return types
    }

    /// `stablehlo.sort`, stable, whose comparator orders the keys
    /// lexicographically.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        guard let dimension = instruction.attributes.int("dimension") else { return }
        let keys = instruction.attributes.int("num_keys") ?? 1
        let direction = instruction.attributes.string("direction") == "descending" ? "GT" : "LT"
        let scalars = instruction.operands.map { TensorType($0.type.elementType, []) }
        try writer.operation("stablehlo.sort", results: instruction.results.map(writer.name),
                             operands: writer.operands(instruction), resultTypes: instruction.resultTypes,
                             properties: ["dimension = \(dimension) : i64", "is_stable = true"],
                             regions: [{ body in
                                 let pairs = scalars.map { type in ((body.temporary(), type), (body.temporary(), type)) }
                                 body.blockArguments(pairs.flatMap { [$0.0, $0.1] })
                                 // From the last key to the first: a decides where it differs, else the later keys.
                                 var ordered: String?
                                 for (a, b) in pairs[..<keys].reversed() {
                                     let before = Sort.compare(&body, direction, a, b)
                                     guard let later = ordered else { ordered = before; continue }
                                     let equal = Sort.compare(&body, "EQ", a, b)
                                     ordered = body.logical("stablehlo.or", [before, body.logical("stablehlo.and", [equal, later])])
                                 }
                                 body.returnValues([(ordered!, TensorType(.bool, []))])
                             }])
    }

    /// A scalar comparison, by total order for floats.
    private static func compare(_ body: inout StableHLOWriter, _ direction: String,
                                _ a: (name: String, type: TensorType), _ b: (name: String, type: TensorType)) -> String {
        let result = body.temporary()
        let kind = a.type.elementType.isFloatingPoint ? "TOTALORDER" : Compare.defaultType(for: a.type.elementType)
        body.operation("stablehlo.compare", results: [result], operands: [a, b], resultTypes: [TensorType(.bool, [])],
                       properties: ["comparison_direction = #stablehlo<comparison_direction \(direction)>",
                                    "compare_type = #stablehlo<comparison_type \(kind)>"])
        return result
    }
}

extension Op {
    /// Stable sort along a dimension; see ``Sort``.
    public static let sort = Op(Sort())
}

extension Sort {
    /// Every operand with its batch dimension first (the unbatched ones
    /// broadcast), sorted along the shifted `dimension`: each example sorts
    /// on its own.
    public var batching: Batching {
        .rule { e in
            var attributes = e.attributes
            attributes["dimension"] = .int((e.attributes.int("dimension") ?? 0) + 1)
            let operands = try e.operands.indices.map { try e.leading($0) }
            return try e.append(.sort, operands, attributes: attributes).map { ($0, 0) }
        }
    }
}
