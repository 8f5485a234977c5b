/// `dot_general`: a tensor contraction with batch dimensions.
///
/// The result's dimensions are the batch dimensions (in
/// `lhs_batching_dimensions` order), then the free dimensions of `lhs`, then
/// those of `rhs`. Its element type is `preferred_element_type`, else the
/// operands'. `precision` (`DEFAULT`, `HIGH`, `HIGHEST`) applies to both
/// operands.
///
/// Lowering: when the batch dimensions lead and each operand's contracting
/// dimensions form one block at either end of the rest, operands of rank
/// 3 or more (besides batch) are reshaped to matrices around a 2-D (or
/// batched 3-D) dot and the result reshaped back, which XLA CPU runs up to
/// 2.4x faster.
public struct DotGeneral: ConfiguredOp {
    /// `dot_general`.
    public let name = "dot_general"

    /// The attributes: the dimension numbers, the result's element type and
    /// the precision.
    public struct Configuration: OpConfiguration {
        /// The batching and contracting dimensions of both operands.
        let numbers: DotNumbers
        /// The result's element type, nil for the operands'.
        public var preferredElementType: ElementType?
        /// The precision of both operands, nil when not given.
        public var precision: Precision?

        /// Reads the four dimension lists (absent ones empty),
        /// `preferred_element_type` and `precision`.
        public init(_ attributes: AttributeReader) throws {
            let lists = try DotGeneral.dimensionAttributes.map { try attributes.ints($0, default: []) ?? [] }
            numbers = DotNumbers(lhsBatch: lists[0], rhsBatch: lists[1], lhsContracting: lists[2], rhsContracting: lists[3])
            preferredElementType = try attributes.elementType("preferred_element_type", default: nil)
            precision = try attributes.choice("precision", default: nil)
        }
    }

    static let dimensionAttributes = ["lhs_batching_dimensions", "rhs_batching_dimensions",
                                      "lhs_contracting_dimensions", "rhs_contracting_dimensions"]

    /// How precisely XLA multiplies the operands (StableHLO's precision config).
    public enum Precision: String, CaseIterable, Sendable {
        /// The fastest, XLA's default.
        case `default` = "DEFAULT"
        /// More precise than the default (bf16x3 on TPU).
        case high = "HIGH"
        /// The most precise (float32).
        case highest = "HIGHEST"
    }

    /// The four dimension lists (absent means empty), `preferred_element_type` and `precision`.
    public var attributeSchema: [AttributeSpec] {
        DotGeneral.dimensionAttributes.map { AttributeSpec($0, .ints, required: false) } + [
            AttributeSpec("preferred_element_type", .elementType, required: false),
            AttributeSpec("precision", .string, required: false, allowedValues: Precision.allCases.map(\.rawValue)),
        ]
    }

    /// The contraction's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        let (lhs, rhs) = (context.operandTypes[0], context.operandTypes[1])
        guard lhs.elementType == rhs.elementType else { throw context.invalid("operands must have one element type") }
        let configuration = try configuration(of: context)
        let numbers = configuration.numbers
        try context.checkDimensions(numbers.lhsBatch + numbers.lhsContracting, rank: lhs.shape.count,
                                    attribute: "lhs_batching_dimensions/lhs_contracting_dimensions")
        try context.checkDimensions(numbers.rhsBatch + numbers.rhsContracting, rank: rhs.shape.count,
                                    attribute: "rhs_batching_dimensions/rhs_contracting_dimensions")
        for (kind, left, right) in [("batch", numbers.lhsBatch, numbers.rhsBatch),
                                    ("contracting", numbers.lhsContracting, numbers.rhsContracting)] {
            guard left.count == right.count, zip(left, right).allSatisfy({ lhs.shape[$0] == rhs.shape[$1] }) else {
                throw context.invalid("\(kind) dimensions \(left) and \(right) do not pair up in size")
            }
        }
        let elementType = configuration.preferredElementType ?? lhs.elementType
        return [TensorType(elementType, numbers.lhsBatch.map { lhs.shape[$0] }
            + numbers.free(lhs, numbers.lhsBatch + numbers.lhsContracting)
            + numbers.free(rhs, numbers.rhsBatch + numbers.rhsContracting))]
    }

    /// `stablehlo.dot_general`, through matrices where that is faster.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let configuration = try configuration(of: instruction)
        let (numbers, precision) = (configuration.numbers, configuration.precision?.rawValue)
        let (lhs, rhs) = (instruction.operands[0], instruction.operands[1])
        let result = instruction.results[0]
        guard let plan = DotNumbers.Collapse(numbers, lhs.type, rhs.type, result.type.elementType) else {
            writer.dot((writer.name(lhs), lhs.type), (writer.name(rhs), rhs.type), numbers,
                       into: writer.name(result), result.type, precision: precision)
            return
        }
        let lhsMatrix = writer.reshape((writer.name(lhs), lhs.type), to: plan.lhs)
        let rhsMatrix = writer.reshape((writer.name(rhs), rhs.type), to: plan.rhs)
        let product = writer.temporary()
        writer.dot((lhsMatrix, plan.lhs), (rhsMatrix, plan.rhs), plan.numbers, into: product, plan.result, precision: precision)
        writer.operation("stablehlo.reshape", results: [writer.name(result)], operands: [(product, plan.result)],
                         resultTypes: [result.type])
    }
}

/// The dimension numbers of a `dot_general`.
struct DotNumbers {
    var lhsBatch: [Int], rhsBatch: [Int], lhsContracting: [Int], rhsContracting: [Int]

    init(lhsBatch: [Int], rhsBatch: [Int], lhsContracting: [Int], rhsContracting: [Int]) {
        (self.lhsBatch, self.rhsBatch, self.lhsContracting, self.rhsContracting) =
            (lhsBatch, rhsBatch, lhsContracting, rhsContracting)
    }

    /// The sizes of the dimensions of `type` not in `used`, in order.
    func free(_ type: TensorType, _ used: [Int]) -> [Int] {
        type.shape.indices.filter { !used.contains($0) }.map { type.shape[$0] }
    }

    /// The instruction attributes that hold the four lists.
    var attributes: Attributes {
        var attributes: Attributes = [:]
        for (name, dimensions) in zip(DotGeneral.dimensionAttributes, [lhsBatch, rhsBatch, lhsContracting, rhsContracting]) {
            attributes[name] = .ints(dimensions)
        }
        return attributes
    }

    /// The `#stablehlo.dot<...>` attribute, omitting empty lists.
    var stableHLOText: String {
        let fields = zip(DotGeneral.dimensionAttributes, [lhsBatch, rhsBatch, lhsContracting, rhsContracting])
            .filter { !$0.1.isEmpty }
            .map { "\($0.0) = [\($0.1.map(String.init).joined(separator: ", "))]" }
        return "#stablehlo.dot<\(fields.joined(separator: ", "))>"
    }

    /// A plan to run a dot on matrices: the operands' collapsed types and
    /// the dimension numbers and type of the collapsed product.
    struct Collapse {
        let lhs: TensorType, rhs: TensorType, result: TensorType, numbers: DotNumbers

        /// Nil when collapsing does not apply or changes nothing.
        init?(_ numbers: DotNumbers, _ lhs: TensorType, _ rhs: TensorType, _ resultElement: ElementType) {
            let batch = numbers.lhsBatch.count
            guard numbers.lhsBatch == Array(0..<batch), numbers.rhsBatch == Array(0..<batch),
                  max(lhs.shape.count, rhs.shape.count) - batch > 2,
                  let lhsAtEnd = Collapse.contractingAtEnd(numbers.lhsContracting, batch, lhs.shape.count),
                  let rhsAtEnd = Collapse.contractingAtEnd(numbers.rhsContracting, batch, rhs.shape.count) else { return nil }
            let batchShape = Array(lhs.shape.prefix(batch))
            let contracted = numbers.lhsContracting.map { lhs.shape[$0] }.reduce(1, *)
            let rows = lhs.elementCount / Swift.max(contracted, 1) / Swift.max(batchShape.reduce(1, *), 1)
            let columns = rhs.elementCount / Swift.max(contracted, 1) / Swift.max(batchShape.reduce(1, *), 1)
            guard lhs.elementCount > 0, rhs.elementCount > 0 else { return nil }
            self.lhs = TensorType(lhs.elementType, batchShape + (lhsAtEnd ? [rows, contracted] : [contracted, rows]))
            self.rhs = TensorType(rhs.elementType, batchShape + (rhsAtEnd ? [columns, contracted] : [contracted, columns]))
            result = TensorType(resultElement, batchShape + [rows, columns])
            let batchDimensions = Array(0..<batch)
            self.numbers = DotNumbers(lhsBatch: batchDimensions, rhsBatch: batchDimensions,
                                      lhsContracting: [batch + (lhsAtEnd ? 1 : 0)],
                                      rhsContracting: [batch + (rhsAtEnd ? 1 : 0)])
        }

        /// Whether the contracting dimensions are one ascending block at the
        /// end (true) or start (false) of the non-batch dimensions, with at
        /// least one free dimension beside them; nil otherwise.
        static func contractingAtEnd(_ contracting: [Int], _ batch: Int, _ rank: Int) -> Bool? {
            let count = contracting.count
            guard count >= 1, rank - batch > count else { return nil }
            if contracting == Array(rank - count..<rank) { return true }
            if contracting == Array(batch..<batch + count) { return false }
            return nil
        }
    }
}

extension StableHLOWriter {
    /// Writes one `stablehlo.dot_general`.
    mutating func dot(_ lhs: (name: String, type: TensorType), _ rhs: (name: String, type: TensorType),
                      _ numbers: DotNumbers, into result: String, _ type: TensorType, precision: String?) {
        var properties = ["dot_dimension_numbers = \(numbers.stableHLOText)"]
        if let precision {
            properties.append("precision_config = [#stablehlo<precision \(precision)>, #stablehlo<precision \(precision)>]")
        }
        operation("stablehlo.dot_general", results: [result], operands: [lhs, rhs], resultTypes: [type],
                  properties: properties)
    }
}

extension Op {
    /// Tensor contraction; see ``DotGeneral``.
    public static let dotGeneral = Op(DotGeneral())
}

extension DotGeneral {
    /// Each operand's cotangent is the result's cotangent contracted with the
    /// other operand over the other's free dimensions, transposed back into
    /// the operand's layout.
    public var differentiability: Differentiability {
        .differentiable { e in
            let numbers = try configuration(e.attributes, at: e.location).numbers
            let c = try e.cotangent()
            let lhs = (value: e.operands[0], batch: numbers.lhsBatch, contracting: numbers.lhsContracting)
            let rhs = (value: e.operands[1], batch: numbers.rhsBatch, contracting: numbers.rhsContracting)
            let free = { (rank: Int, batch: [Int], contracting: [Int]) in
                (0..<rank).filter { !batch.contains($0) && !contracting.contains($0) }
            }
            let lhsFree = free(lhs.value.type.shape.count, lhs.batch, lhs.contracting)
            let rhsFree = free(rhs.value.type.shape.count, rhs.batch, rhs.contracting)
            let batchCount = lhs.batch.count
            // In the cotangent: batch dims, then lhs free dims, then rhs free dims.
            let cBatch = Array(0..<batchCount)
            let cLhsFree = Array(batchCount..<(batchCount + lhsFree.count))
            let cRhsFree = Array((batchCount + lhsFree.count)..<(batchCount + lhsFree.count + rhsFree.count))
            func cotangent(other: Value, otherBatch: [Int], otherFree: [Int], cContract: [Int],
                           myBatch: [Int], myFree: [Int], myContracting: [Int], otherContracting: [Int],
                           rank: Int, type: TensorType) throws -> Value {
                let product = try e.apply(.dotGeneral, c, other, attributes: [
                    "lhs_batching_dimensions": .ints(cBatch), "rhs_batching_dimensions": .ints(otherBatch),
                    "lhs_contracting_dimensions": .ints(cContract), "rhs_contracting_dimensions": .ints(otherFree),
                ])
                // product: batch, then the kept cotangent dims (my free dims), then the
                // other's remaining dims (its contracting dims, in ascending order).
                let remaining = otherContracting.sorted()
                var position = Array(repeating: 0, count: rank)
                for (index, dimension) in myBatch.enumerated() { position[dimension] = index }
                for (index, dimension) in myFree.enumerated() { position[dimension] = batchCount + index }
                for (index, dimension) in myContracting.enumerated() {
                    position[dimension] = batchCount + myFree.count + remaining.firstIndex(of: otherContracting[index])!
                }
                let transposed = position == Array(0..<rank) ? product
                    : try e.apply(.transpose, product, attributes: ["permutation": .ints(position)])
                return try e.convert(transposed, to: type.elementType)
            }
            let lhsCotangent = try cotangent(
                other: rhs.value, otherBatch: rhs.batch, otherFree: rhsFree, cContract: cRhsFree,
                myBatch: lhs.batch, myFree: lhsFree, myContracting: lhs.contracting, otherContracting: rhs.contracting,
                rank: lhs.value.type.shape.count, type: lhs.value.type)
            let rhsCotangent = try cotangent(
                other: lhs.value, otherBatch: lhs.batch, otherFree: lhsFree, cContract: cLhsFree,
                myBatch: rhs.batch, myFree: rhsFree, myContracting: rhs.contracting, otherContracting: lhs.contracting,
                rank: rhs.value.type.shape.count, type: rhs.value.type)
            return [lhsCotangent, rhsCotangent]
        }
    }
}

extension DotGeneral {
    /// Both operands batched: a new leading batching dimension. One operand
    /// batched: its batch dimension is a free dimension of the product, which
    /// lands after the batching dimensions (lhs) or after the lhs's free
    /// dimensions (rhs).
    public var batching: Batching {
        .rule { e in
            let numbers = try configuration(e.attributes, at: e.location).numbers
            var attributes = e.attributes
            let (lhsBatched, rhsBatched) = (e.operands[0].batchDimension != nil, e.operands[1].batchDimension != nil)
            let lhs = lhsBatched ? try e.leading(0) : e.operands[0].value
            let rhs = rhsBatched ? try e.leading(1) : e.operands[1].value
            // A batched side's dimensions move past its new leading one,
            // which is a batching dimension when both sides are batched.
            let lead = lhsBatched && rhsBatched ? [0] : []
            if lhsBatched {
                attributes["lhs_contracting_dimensions"] = .ints(e.shifted(numbers.lhsContracting))
                attributes["lhs_batching_dimensions"] = .ints(lead + e.shifted(numbers.lhsBatch))
            }
            if rhsBatched {
                attributes["rhs_contracting_dimensions"] = .ints(e.shifted(numbers.rhsContracting))
                attributes["rhs_batching_dimensions"] = .ints(lead + e.shifted(numbers.rhsBatch))
            }
            let resultDimension: Int
            if lhsBatched && rhsBatched {
                resultDimension = 0
            } else if lhsBatched {
                resultDimension = numbers.lhsBatch.count
            } else {
                let lhsRank = e.operands[0].value.type.shape.count
                resultDimension = lhsRank - numbers.lhsContracting.count
            }
            return try e.append(.dotGeneral, [lhs, rhs], attributes: attributes).map { ($0, resultDimension) }
        }
    }
}
