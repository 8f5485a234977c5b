/// Reverse-mode differentiation as an IR-to-IR transformation.
///
/// `function` is inlined into a builder (the forward pass), then its
/// instructions are visited in reverse, each op's ``VJPRule`` turning the
/// cotangents of its results into cotangents of its operands, summed where a
/// value is used more than once. The gradient is ordinary IR in the same
/// function, so it can be differentiated again, batched or compiled.
public enum ReverseMode {
    /// Emits `function` applied to `arguments`, then the cotangents of its
    /// parameters for the given result cotangents.
    ///
    /// - Parameters:
    ///   - resultCotangents: one per result of `function`; nil means zero.
    /// - Returns: the results of the forward pass and, per parameter, its
    ///   cotangent (nil where it is zero: unused, integer, or cut off by a
    ///   zero-gradient op).
    /// - Throws: ``IRError/notDifferentiable(op:location:)`` naming an op
    ///   without a rule, or any error a rule raises.
    public static func vjp(of function: Function, arguments: [Value], resultCotangents: [Value?],
                           into builder: FunctionBuilder) throws -> (results: [Value], parameterCotangents: [Value?]) {
        // A value passed for several parameters gets an alias per extra use, so
        // that each parameter's cotangent stays its own.
        var seen: Set<Int> = []
        let arguments = try arguments.map { argument in
            guard !seen.insert(argument.id).inserted else {
                return try builder.append(.reshape, [argument], attributes: ["shape": .ints(argument.type.shape)])[0]
            }
            return argument
        }
        var values: [Int: Value] = [:]
        for (parameter, argument) in zip(function.parameters, arguments) { values[parameter.id] = argument }
        var tape: [Instruction] = []
        for instruction in function.body.instructions {
            tape.append(try builder.copy(instruction, substituting: &values))
        }
        let results = function.body.returns.map { values[$0.id]! }
        var adjoints = Adjoints(builder: builder)
        for (result, cotangent) in zip(results, resultCotangents) {
            if let cotangent { try adjoints.accumulate(cotangent, into: result) }
        }
        for instruction in tape.reversed() {
            let cotangents = instruction.results.map { adjoints[$0] }
            guard cotangents.contains(where: { $0 != nil }) else { continue }
            switch instruction.op.definition.differentiability {
            case .zeroGradient:
                continue
            case .missing:
                throw IRError.notDifferentiable(op: instruction.op.name, location: instruction.location)
            case let .differentiable(rule):
                let emitter = GradientEmitter(builder: builder, operands: instruction.operands, results: instruction.results,
                                              attributes: instruction.attributes, cotangents: cotangents,
                                              location: instruction.location, substitutions: values)
                for (operand, cotangent) in zip(instruction.operands, try rule(emitter)) {
                    if let cotangent { try adjoints.accumulate(cotangent, into: operand) }
                }
            }
        }
        return (results, arguments.map { adjoints[$0] })
    }
}

/// Cotangents accumulated per value; only floating-point values carry any.
private struct Adjoints {
    let builder: FunctionBuilder
    private var cotangents: [Int: Value] = [:]

    init(builder: FunctionBuilder) {
        self.builder = builder
    }

    subscript(value: Value) -> Value? { cotangents[value.id] }

    mutating func accumulate(_ cotangent: Value, into value: Value) throws {
        guard value.type.elementType.isFloatingPoint else { return }
        if let existing = cotangents[value.id] {
            cotangents[value.id] = try builder.append(.add, [existing, cotangent])[0]
        } else {
            cotangents[value.id] = cotangent
        }
    }
}
