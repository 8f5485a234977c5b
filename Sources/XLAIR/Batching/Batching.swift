/// An op's batching rule: from its operands, each batched along a dimension
/// or not (nil), the batched results and their batch dimensions.
public typealias BatchingRule = @Sendable (BatchEmitter) throws -> [(value: Value, batchDimension: Int?)]

/// How an op behaves under `vmap`.
public enum Batching: Sendable {
    /// Elementwise (all operands and results of one shape): batched operands
    /// move their batch dimension to the front, unbatched ones are broadcast,
    /// and the op is applied once.
    case elementwise
    /// The op has its own rule.
    case rule(BatchingRule)
    /// Batching through it is an error naming the op; the reason says why
    /// it has no rule (for the reader: the error names the op).
    case notBatchable(because: String)
}

/// What a batching rule sees and emits with.
public struct BatchEmitter {
    /// The function being built.
    public let builder: FunctionBuilder
    /// The operands (values in ``builder``) and their batch dimensions.
    public let operands: [(value: Value, batchDimension: Int?)]
    /// The instruction's attributes.
    public let attributes: Attributes
    /// The instruction's regions, unbatched: they read outer values whose
    /// batch dimensions the pass knows; batch them with
    /// ``inline(_:arguments:)`` or ``region(_:batched:results:)``.
    public let regions: [Region]
    /// The size of the batch dimension.
    public let axisSize: Int
    /// The name of the mapped axis, for collectives (`psum(x, axisName:)`).
    public let axisName: String?
    /// Where the instruction came from, for errors.
    public let location: String?
    /// The pass, which batches regions.
    let batcher: Batcher

    /// Appends `op` and returns its results.
    public func append(_ op: Op, _ operands: [Value], attributes: Attributes) throws -> [Value] {
        try builder.append(op, operands, attributes: attributes, location: location)
    }

    /// Operand `index` with its batch dimension first: moved there, or
    /// broadcast along a new leading dimension when it is unbatched.
    public func leading(_ index: Int) throws -> Value {
        try leading(operands[index].value, batchDimension: operands[index].batchDimension)
    }

    /// `value` with its batch dimension first: moved there from
    /// `batchDimension`, or broadcast along a new leading dimension when nil.
    public func leading(_ value: Value, batchDimension dimension: Int?) throws -> Value {
        let shape = value.type.shape
        guard let dimension else {
            return try append(.broadcastInDim, [value], attributes: [
                "shape": .ints([axisSize] + shape), "broadcast_dimensions": .ints(Array(stride(from: 1, through: shape.count, by: 1))),
            ])[0]
        }
        guard dimension != 0 else { return value }
        var permutation = Array(0..<shape.count)
        permutation.remove(at: dimension)
        return try append(.transpose, [value], attributes: ["permutation": .ints([dimension] + permutation)])[0]
    }

    /// `dimensions` of the unbatched op shifted past a leading batch dimension.
    public func shifted(_ dimensions: [Int]) -> [Int] { dimensions.map { $0 + 1 } }

    /// The single-operand rule shape: operand 0 with its batch dimension
    /// first, `op` applied with `attributes`, the result batched at 0.
    public func leadingUnary(_ op: Op, attributes: Attributes) throws -> [(value: Value, batchDimension: Int?)] {
        try append(op, [try leading(0)], attributes: attributes).map { ($0, 0) }
    }

    /// Emits `region` batched where the builder appends, its arguments
    /// standing for `arguments` (and the outer values it reads batched as
    /// the pass has them); returns what it returns, with batch dimensions.
    public func inline(_ region: Region, arguments: [(value: Value, batchDimension: Int?)]) throws
        -> [(value: Value, batchDimension: Int?)] {
        try batcher.emit(region, arguments: arguments)
    }

    /// `region` batched as a new region: argument `i` gets a leading batch
    /// dimension where `batched[i]`; each result comes out batched at 0 when
    /// it depends on a batched value or `results[i]` asks for it (an
    /// unbatched one is then broadcast), else unbatched. Returns the region
    /// and which of its results are batched.
    public func region(_ region: Region, batched: [Bool], results: [Bool]? = nil) throws
        -> (region: Region, batched: [Bool]) {
        var resultsBatched: [Bool] = []
        let types = zip(region.arguments, batched).map { argument, isBatched in
            isBatched ? TensorType(argument.type.elementType, [axisSize] + argument.type.shape) : argument.type
        }
        let built = try builder.region(arguments: types) { arguments in
            let returned = try inline(region, arguments: zip(arguments, batched).map { ($0, $1 ? 0 : nil) })
            resultsBatched = returned.indices.map { returned[$0].batchDimension != nil || results?[$0] == true }
            return try zip(returned, resultsBatched).map { result, isBatched in
                isBatched ? try leading(result.value, batchDimension: result.batchDimension) : result.value
            }
        }
        return (built, resultsBatched)
    }
}
