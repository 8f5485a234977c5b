/// `sort(x0, x1, ...)`: sorts operands of one shape together along
/// `dimension`, ordered by the first `num_keys` operands lexicographically
/// (default 1), `ascending` (the default) or `descending`; the others are
/// carried along (JAX's `lax.sort` and `lax.sort_key_val`). The sort is
/// stable: equal keys keep their order. Float keys compare by
/// `float_order`: `"total"` (the default, `chlo.top_k`'s order:
/// `-NaN < -inf < ... < -0 < +0 < ... < inf < NaN`) or `"canonical"`
/// (`lax.sort`'s: `-0` equals `+0`, every NaN equals every other and sorts
/// after `inf`).
///
/// Lowered as `stablehlo.sort` with a comparator region.
public struct Sort: ConfiguredOp {
    /// `sort`.
    public let name = "sort"

    /// The attributes: the sorted dimension, how many operands are keys,
    /// the direction and the order of floats.
    public struct Configuration: OpConfiguration {
        /// The dimension sorted along.
        public var dimension: Int
        /// How many leading operands are keys.
        public var numKeys: Int
        /// Whether the keys go up or down.
        public var direction: Direction
        /// How float keys compare.
        public var floatOrder: FloatOrder

        /// Reads `dimension`, `num_keys` (1), `direction` (ascending) and
        /// `float_order` (total).
        public init(_ attributes: AttributeReader) throws {
            dimension = try attributes.int("dimension")
            numKeys = try attributes.int("num_keys", default: 1) ?? 1
            direction = try attributes.choice("direction", default: .ascending) ?? .ascending
            floatOrder = try attributes.choice("float_order", default: .total) ?? .total
        }
    }

    /// The directions a sort can take.
    public enum Direction: String, CaseIterable, Sendable {
        /// Smallest key first.
        case ascending
        /// Largest key first.
        case descending
    }

    /// How a sort orders float keys.
    public enum FloatOrder: String, CaseIterable, Sendable {
        /// `-NaN < -inf < ... < -0 < +0 < ... < inf < NaN`.
        case total
        /// `-0` equals `+0`, NaNs are equal and sort after `inf`.
        case canonical
    }

    /// `dimension`, optional `num_keys`, `direction` and `float_order`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("dimension", .int), AttributeSpec("num_keys", .int, required: false),
         AttributeSpec("direction", .string, required: false, allowedValues: Direction.allCases.map(\.rawValue)),
         AttributeSpec("float_order", .string, required: false, allowedValues: FloatOrder.allCases.map(\.rawValue))]
    }

    /// The operands' types, unchanged.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let types = context.operandTypes
        guard let first = types.first else { throw context.invalid("it needs at least one operand") }
        guard types.allSatisfy({ $0.shape == first.shape }) else { throw context.invalid("the operands' shapes differ") }
        let configuration = try configuration(of: context)
        try context.checkDimensions([configuration.dimension], rank: first.shape.count, attribute: "dimension")
        let keys = configuration.numKeys
        guard (1...types.count).contains(keys) else {
            throw context.invalidAttribute("num_keys", "\(keys) is not between 1 and the \(types.count) operands")
        }
        return types
    }

    /// `stablehlo.sort`, stable, whose comparator orders the keys
    /// lexicographically.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let configuration = try configuration(of: instruction)
        let (dimension, keys) = (configuration.dimension, configuration.numKeys)
        let direction = configuration.direction == .descending ? "GT" : "LT"
        let canonical = configuration.floatOrder == .canonical
        let scalars = instruction.operands.map { TensorType($0.type.elementType, []) }
        // The shape rule checks this; a comparator without a key would be invalid MLIR.
        guard !scalars.isEmpty, (1...scalars.count).contains(keys) else {
            throw IRError.invalidAttribute(op: name, attribute: "num_keys", reason: "\(keys) is not between 1 and the "
                                           + "\(scalars.count) operands", location: instruction.location)
        }
        try writer.operation("stablehlo.sort", results: instruction.results.map(writer.name),
                             operands: writer.operands(instruction), resultTypes: instruction.resultTypes,
                             properties: ["dimension = \(dimension) : i64", "is_stable = true"],
                             regions: [{ body in
                                 Sort.comparator(&body, scalars, keys: keys, direction: direction, canonical: canonical)
                             }])
    }

    /// The comparator's body: whether the first element of each pair of
    /// block arguments sorts before the second, deciding by the first key
    /// where it differs, else by the later ones. `keys` is between 1 and
    /// the number of operands (checked by ``emit(_:into:)``).
    private static func comparator(_ body: inout StableHLOWriter, _ scalars: [TensorType], keys: Int,
                                   direction: String, canonical: Bool) {
        let pairs: [(Named, Named)] = scalars.map { type in ((body.temporary(), type), (body.temporary(), type)) }
        body.blockArguments(pairs.flatMap { [$0.0, $0.1] })
        // Built from the last key back: each earlier key decides unless its elements are equal.
        var ordered = keyOrder(&body, pairs[keys - 1], direction: direction, canonical: canonical).before
        for pair in pairs[..<(keys - 1)].reversed() {
            let key = keyOrder(&body, pair, direction: direction, canonical: canonical)
            let equal = compare(&body, "EQ", key.a, key.b)
            ordered = body.logical("stablehlo.or", [key.before, body.logical("stablehlo.and", [equal, ordered])])
        }
        body.returnValues([(ordered, TensorType(.bool, []))])
    }

    /// A block argument's name and scalar type.
    private typealias Named = (name: String, type: TensorType)

    /// One key's elements (canonicalized for the `canonical` float order)
    /// and whether the first sorts strictly before the second.
    private static func keyOrder(_ body: inout StableHLOWriter, _ pair: (Named, Named), direction: String,
                                 canonical: Bool) -> (a: Named, b: Named, before: String) {
        let a = canonical ? canonicalized(&body, pair.0) : pair.0
        let b = canonical ? canonicalized(&body, pair.1) : pair.1
        return (a, b, compare(&body, direction, a, b))
    }

    /// A float scalar with `-0` made `+0` and every NaN the positive quiet
    /// NaN (JAX's `_canonicalize_float_for_sort`); other types unchanged.
    private static func canonicalized(_ body: inout StableHLOWriter,
                                      _ x: (name: String, type: TensorType)) -> (name: String, type: TensorType) {
        guard x.type.elementType.isFloatingPoint else { return x }
        let zero = (body.constant(Literal.splat(.float(0), as: x.type)), x.type)
        let nan = (body.constant(Literal.splat(.float(.nan), as: x.type)), x.type)
        let isZero = body.compare("EQ", x, zero)
        let isNaN = body.compare("NE", x, x)
        let flag = TensorType(.bool, [])
        let unsigned = body.temporary()
        body.operation("stablehlo.select", results: [unsigned], operands: [(isZero, flag), zero, x], resultTypes: [x.type])
        let result = body.temporary()
        body.operation("stablehlo.select", results: [result], operands: [(isNaN, flag), nan, (unsigned, x.type)],
                       resultTypes: [x.type])
        return (result, x.type)
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
    /// Sorting permutes, so each operand's cotangent is its result's
    /// cotangent put back where the elements came from (JAX's rule, without
    /// a gather): sorting a counter along with the keys gives the
    /// permutation, and sorting (permutation, cotangents) by the
    /// permutation undoes it. Integer operands get none.
    public var differentiability: Differentiability {
        .differentiable { e in
            let flowing = e.operands.indices.filter { e.operands[$0].type.elementType.isFloatingPoint && e.cotangents[$0] != nil }
            guard !flowing.isEmpty else { return e.operands.map { _ in nil } }
            let configuration = try configuration(e.attributes, at: e.location)
            let (dimension, keys) = (configuration.dimension, configuration.numKeys)
            let shape = e.operands[0].type.shape
            let counter = try e.apply(.iota, attributes: ["shape": .ints(shape), "dimension": .int(dimension),
                                                          "element_type": .elementType(.int32)])
            let permutation = try e.builder.append(.sort, Array(e.operands[..<keys]) + [counter], attributes: e.attributes,
                                                   location: e.location)[keys]
            let restored = try e.builder.append(.sort, [permutation] + flowing.compactMap { e.cotangents[$0] },
                                                attributes: ["dimension": .int(dimension)], location: e.location)
            var cotangents = [Value?](repeating: nil, count: e.operands.count)
            for (position, operand) in flowing.enumerated() { cotangents[operand] = restored[position + 1] }
            return cotangents
        }
    }
}

extension Sort {
    /// Every operand with its batch dimension first (the unbatched ones
    /// broadcast), sorted along the shifted `dimension`: each example sorts
    /// on its own.
    public var batching: Batching {
        .rule { e in
            var attributes = e.attributes
            attributes["dimension"] = .int(try configuration(e.attributes, at: e.location).dimension + 1)
            let operands = try e.operands.indices.map { try e.leading($0) }
            return try e.append(.sort, operands, attributes: attributes).map { ($0, 0) }
        }
    }
}
