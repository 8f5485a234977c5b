/// `while`: carries its operands through `body` (region 1) as long as
/// `cond` (region 0) returns `true`. Both regions take the carried values
/// as arguments; `cond` returns one `bool` scalar, `body` the next values.
///
/// The optional `trip_count` attribute says how many times the body runs,
/// when that is known while tracing (`scan`, `forLoop`); reverse-mode
/// differentiation needs it.
public struct While: ConfiguredOp {
    /// `while`.
    public let name = "while"

    /// The attribute: the trip count, when known.
    public struct Configuration: OpConfiguration {
        /// How many times the body runs, nil when known only at run time.
        public var tripCount: Int?

        /// Reads the optional `trip_count`.
        public init(_ attributes: AttributeReader) throws { tripCount = try attributes.int("trip_count", default: nil) }
    }

    /// `trip_count`, optional.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("trip_count", .int, required: false)] }

    /// The condition and the body.
    public var regionCount: Int? { 2 }

    /// The carried types.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let carried = context.operandTypes
        let (condition, body) = (context.regions[0], context.regions[1])
        guard condition.arguments == carried, body.arguments == carried else {
            throw context.invalid("both regions must take the carried types as arguments")
        }
        guard condition.results == [TensorType(.bool, [])] else {
            throw context.invalid("the condition must return one tensor<i1>, not (\(condition.results.map(\.description).joined(separator: ", ")))")
        }
        guard body.results == carried else { throw context.invalid("the body must return the carried types") }
        return carried
    }

    /// `stablehlo.while` in generic form.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try writer.operationWithRegions("stablehlo.while", instruction)
    }
}

/// `case`: runs the branch (region) chosen by an `i32` scalar index and
/// returns its results; an index out of range picks the last branch.
/// Branches take no arguments and read outer values directly.
public struct Case: OpDefinition {
    /// `case`.
    public let name = "case"

    /// One region per branch.
    public var regionCount: Int? { nil }

    /// The branches' common result types.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        guard context.operandTypes == [TensorType(.int32, [])] else {
            throw context.invalid("it takes one tensor<i32> index")
        }
        let results = context.regions[0].results
        guard context.regions.allSatisfy({ $0.arguments.isEmpty && $0.results == results }) else {
            throw context.invalid("branches must take no arguments and return the same types")
        }
        return results
    }

    /// `stablehlo.case` in generic form.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try writer.operationWithRegions("stablehlo.case", instruction)
    }
}

/// `optimization_barrier`: returns its operands unchanged, and keeps XLA
/// from moving computation across it (used by rematerialization).
public struct OptimizationBarrier: OpDefinition {
    /// `optimization_barrier`.
    public let name = "optimization_barrier"

    /// The operand types.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        context.operandTypes
    }

    /// `stablehlo.optimization_barrier`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.optimization_barrier", instruction)
    }
}

extension StableHLOWriter {
    /// Writes an instruction with its IR regions in generic form.
    mutating func operationWithRegions(_ name: String, _ instruction: Instruction) throws {
        try operation(name, results: instruction.results.map(self.name), operands: operands(instruction),
                      resultTypes: instruction.resultTypes,
                      regions: instruction.regions.map { region in { try $0.region(region) } })
    }
}

extension Op {
    /// A loop; see ``While``.
    public static let whileLoop = Op(While())
    /// A multi-way branch; see ``Case``.
    public static let caseBranch = Op(Case())
    /// A scheduling barrier; see ``OptimizationBarrier``.
    public static let optimizationBarrier = Op(OptimizationBarrier())
}

extension OptimizationBarrier {
    /// Cotangents pass through unchanged.
    public var differentiability: Differentiability {
        .differentiable { e in try e.cotangents.enumerated().map { index, c in try c ?? e.zeros(e.results[index].type) } }
    }
}

extension OptimizationBarrier {
    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}
