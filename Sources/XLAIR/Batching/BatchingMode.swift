/// `vmap` as an IR-to-IR transformation.
///
/// `function` is re-emitted into a builder with some arguments carrying an
/// extra batch dimension. Instructions whose operands are all unbatched are
/// copied as they are; the others go through their op's ``Batching`` rule,
/// which emits the batched computation and says where the batch dimension
/// of each result is.
public enum BatchingMode {
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
        var values: [Int: Value] = [:]
        var dimensions: [Int: Int] = [:]
        for (index, parameter) in function.parameters.enumerated() {
            values[parameter.id] = arguments[index]
            if let dimension = batchDimensions[index] { dimensions[parameter.id] = dimension }
        }
        for instruction in function.body.instructions {
            let batched = instruction.operands.contains { dimensions[$0.id] != nil }
                || instruction.regions.contains { region in region.capturedValues.contains { dimensions[$0.id] != nil } }
            guard batched else {
                try builder.copy(instruction, substituting: &values)
                continue
            }
            guard instruction.regions.isEmpty else {
                throw IRError.notBatchable(op: instruction.op.name, location: instruction.location)
            }
            let operands = instruction.operands.map { (value: values[$0.id]!, batchDimension: dimensions[$0.id]) }
            let emitter = BatchEmitter(builder: builder, operands: operands, attributes: instruction.attributes,
                                       axisSize: axisSize, axisName: axisName, location: instruction.location)
            let results: [(value: Value, batchDimension: Int?)]
            switch instruction.op.definition.batching {
            case .elementwise:
                let leading = try operands.indices.map { try emitter.leading($0) }
                results = try emitter.append(instruction.op, leading, attributes: instruction.attributes).map { ($0, 0) }
            case let .rule(rule):
                results = try rule(emitter)
            case .missing:
                throw IRError.notBatchable(op: instruction.op.name, location: instruction.location)
            }
            for (old, new) in zip(instruction.results, results) {
                values[old.id] = new.value
                dimensions[old.id] = new.batchDimension
            }
        }
        return (function.body.returns.map { values[$0.id]! }, function.body.returns.map { dimensions[$0.id] })
    }
}
