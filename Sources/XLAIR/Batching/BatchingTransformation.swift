/// `vmap` as an IR-to-IR transformation.
///
/// `function` is re-emitted into a builder with some arguments carrying an
/// extra batch dimension. Instructions whose operands are all unbatched (and
/// whose regions read no batched outer value) are copied as they are; the
/// others go through their op's ``Batching`` rule, which emits the batched
/// computation and says where the batch dimension of each result is. Rules
/// of ops with regions (`case`, `while`) batch those regions with
/// ``BatchEmitter/inline(_:arguments:)`` and ``BatchEmitter/region(_:batched:results:)``:
/// a region reads outer values directly, and their batch dimensions are
/// known to the pass wherever the region is re-emitted.
public enum BatchingTransformation {
    /// Emits `function` applied to `arguments`, each batched along
    /// `batchDimensions[i]` (nil: unbatched, shared by every example);
    /// `axisName` names the mapped axis for collectives.
    ///
    /// - Returns: the results and their batch dimensions (nil for results that
    ///   do not depend on any batched argument).
    /// - Throws: ``IRError/notBatchable(op:location:)`` naming an op without a
    ///   rule, or any error a rule raises.
    public static func batch(_ function: Function, arguments: [Value], batchDimensions: [Int?], axisSize: Int,
                             axisName: String? = nil,
                             into builder: FunctionBuilder) throws -> (results: [Value], batchDimensions: [Int?]) {
        let batcher = Batcher(builder: builder, axisSize: axisSize, axisName: axisName)
        let results = try builder.transformingNameScopes(by: "vmap") {
            try batcher.emit(function.body, arguments: Array(zip(arguments, batchDimensions)))
        }
        return (results.map(\.value), results.map(\.batchDimension))
    }

    /// Emits `region` (built in `builder`; the values it captures are read
    /// as they are, unbatched) applied to `arguments`, all batched along a
    /// leading dimension of `axisSize`; returns its results, each with a
    /// leading batch dimension (broadcast where it depends on no argument).
    ///
    /// - Throws: as ``batch(_:arguments:batchDimensions:axisSize:axisName:into:)``.
    public static func batch(inlined region: Region, arguments: [Value], axisSize: Int, axisName: String? = nil,
                             into builder: FunctionBuilder) throws -> [Value] {
        let batcher = Batcher(builder: builder, axisSize: axisSize, axisName: axisName)
        return try builder.transformingNameScopes(by: "vmap") {
            let results = try batcher.emit(region, arguments: arguments.map { ($0, 0) }, readingCaptures: true)
            let emitter = BatchEmitter(builder: builder, operands: [], attributes: [:], regions: [], axisSize: axisSize,
                                       axisName: axisName, location: nil, batcher: batcher)
            return try results.map { try emitter.leading($0.value, batchDimension: $0.batchDimension) }
        }
    }
}

/// One batching pass: the value standing for each original value, and the
/// batch dimension of those that are batched, by original id.
final class Batcher {
    let builder: FunctionBuilder
    let axisSize: Int
    let axisName: String?
    private var values: [Int: Value] = [:]
    private var dimensions: [Int: Int] = [:]

    init(builder: FunctionBuilder, axisSize: Int, axisName: String?) {
        self.builder = builder
        self.axisSize = axisSize
        self.axisName = axisName
    }

    /// Emits `region`'s instructions batched where the builder appends, its
    /// arguments standing for `arguments`; returns what it returns.
    /// With `readingCaptures`, the outer values `region` reads stand for
    /// themselves, unbatched.
    func emit(_ region: Region, arguments: [(value: Value, batchDimension: Int?)], readingCaptures: Bool = false) throws
        -> [(value: Value, batchDimension: Int?)] {
        if readingCaptures {
            for value in region.capturedValues { values[value.id] = value }
        }
        for (parameter, argument) in zip(region.arguments, arguments) {
            values[parameter.id] = argument.value
            dimensions[parameter.id] = argument.batchDimension
        }
        for instruction in region.instructions { try emit(instruction) }
        return region.returns.map { (values[$0.id]!, dimensions[$0.id]) }
    }

    private func emit(_ instruction: Instruction) throws {
        let batched = instruction.operands.contains { dimensions[$0.id] != nil }
            || instruction.regions.contains { region in region.capturedValues.contains { dimensions[$0.id] != nil } }
        guard batched else {
            try builder.copy(instruction, substituting: &values)
            for result in instruction.results { dimensions[result.id] = nil }
            return
        }
        let operands = instruction.operands.map { (value: values[$0.id]!, batchDimension: dimensions[$0.id]) }
        let emitter = BatchEmitter(builder: builder, operands: operands, attributes: instruction.attributes,
                                   regions: instruction.regions, axisSize: axisSize, axisName: axisName,
                                   location: instruction.location, batcher: self)
        let results = try builder.withNameScope(instruction.nameScope) { () throws -> [(value: Value, batchDimension: Int?)] in
            switch instruction.op.definition.batching {
            case .elementwise:
                let leading = try operands.indices.map { try emitter.leading($0) }
                return try emitter.append(instruction.op, leading, attributes: instruction.attributes).map { ($0, 0) }
            case let .rule(rule):
                return try rule(emitter)
            case .notBatchable:
                throw IRError.notBatchable(op: instruction.op.name, location: instruction.location)
            }
        }
        for (old, new) in zip(instruction.results, results) {
            values[old.id] = new.value
            dimensions[old.id] = new.batchDimension
        }
    }
}
