/// Reverse-mode differentiation as an IR-to-IR transformation.
///
/// A function (or a region) is inlined into a builder (the forward pass),
/// then its instructions are visited in reverse, each op's ``VJPRule``
/// turning the cotangents of its results into cotangents of its operands,
/// summed where a value is used more than once. Ops with regions (`case`,
/// `while`) differentiate their regions with ``vjp(of:arguments:resultCotangents:into:)-(Region,_,_,_)``
/// and also give cotangents of the outer values those regions read. The
/// gradient is ordinary IR in the same function, so it can be
/// differentiated again, batched or compiled.
public enum ReverseModeTransformation {
    /// Emits `function` applied to `arguments`, then the cotangents of its
    /// parameters for the given result cotangents.
    ///
    /// - Parameters:
    ///   - resultCotangents: one per result of `function`; nil means zero.
    ///   - inactiveParameters: indices of parameters whose cotangents are
    ///     not wanted (values the differentiated code closes over): nothing
    ///     that depends on them alone is differentiated.
    ///   - manual: in per-device code (`shardMap`), its mesh axes and what
    ///     the arguments vary over: gradients then follow JAX's `shard_map`
    ///     (see ``ManualAxes``); nil elsewhere.
    /// - Returns: the results of the forward pass and, per parameter, its
    ///   cotangent (nil where it is zero: unused, integer, inactive, or cut
    ///   off by a zero-gradient op).
    /// - Throws: ``IRError/notDifferentiable(op:location:)`` naming an op
    ///   without a rule, or any error a rule raises.
    public static func vjp(of function: Function, arguments: [Value], resultCotangents: [Value?],
                           into builder: FunctionBuilder, inactiveParameters: Set<Int> = [], manual: ManualAxes? = nil)
        throws -> (results: [Value], parameterCotangents: [Value?]) {
        // A value passed for several parameters gets an alias per extra use, so
        // that each parameter's cotangent stays its own.
        var seen: Set<Int> = []
        var manual = manual
        let arguments = try arguments.map { argument in
            guard !seen.insert(argument.id).inserted else {
                let alias = try builder.append(.reshape, [argument], attributes: ["shape": .ints(argument.type.shape)])
                if let definition = builder.definition(of: alias[0]) { manual?.propagate(through: [definition]) }
                return alias[0]
            }
            return argument
        }
        let inactive = Set(inactiveParameters.filter(arguments.indices.contains).map { arguments[$0].id })
        let pullback = try vjp(of: function.body, arguments: arguments, resultCotangents: resultCotangents, into: builder,
                               inactive: inactive, manual: manual)
        return (pullback.results, pullback.argumentCotangents)
    }

    /// Emits `region` applied to `arguments` (the values it captures are
    /// read as they are, so they must be visible where `builder` appends),
    /// then the cotangents of its arguments and of the floating-point
    /// values it captures.
    ///
    /// - Parameters:
    ///   - resultCotangents: one per value `region` returns; nil means zero.
    ///   - substitutions: where `region` is itself a copy (a branch of an
    ///     instruction being differentiated), the rule's
    ///     ``GradientEmitter/substitutions``, so that rules inside it see
    ///     values of the original function.
    ///   - known: values of `region` already computed, by id, that the
    ///     forward pass reads instead of recomputing them (see
    ///     ``FunctionBuilder/inline(_:arguments:known:)``).
    ///   - manual: as for a function, with what the arguments and captured
    ///     values vary over.
    ///   - inactive: ids of arguments and captured values that do not
    ///     depend on what is differentiated. What is computed from them
    ///     (and from integers and constants) alone is inactive too, and
    ///     gets no cotangent: a scan body's slice of an input sequence that
    ///     is not differentiated, say, so that nothing computes its
    ///     cotangent.
    /// - Returns: the forward results; per argument, its cotangent (nil
    ///   where zero); and the active captured values with a nonzero
    ///   cotangent, in the order of ``Region/capturedValues``.
    /// - Throws: as ``vjp(of:arguments:resultCotangents:into:)-(Function,_,_,_)``.
    public static func vjp(
        of region: Region, arguments: [Value], resultCotangents: [Value?], into builder: FunctionBuilder,
        substitutions: [Int: Value] = [:], known: [Int: Value] = [:], inactive: Set<Int> = [], manual: ManualAxes? = nil
    ) throws -> (results: [Value], argumentCotangents: [Value?], captured: [(value: Value, cotangent: Value)]) {
        // A region differentiated inside a backward pass (a loop's or a branch's pullback) belongs to that pass.
        let outer = builder.nameScopeTransformations
        let base = outer.suffix(2) == ["jvp", "transpose"] ? Array(outer.dropLast(2)) : outer
        let (results, tape, copies) = try builder.withNameScopeTransformations(base + ["jvp"]) {
            try builder.inline(region, arguments: arguments, known: known)
        }
        let values = substitutions.isEmpty ? copies : substitutions.mapValues { copies[$0.id] ?? $0 }
        let inactive = inactiveValues(of: tape, from: inactive)
        var manual = manual
        manual?.propagate(through: tape)
        var adjoints = Adjoints(builder: builder, inactive: inactive)
        try builder.withNameScopeTransformations(base + ["jvp", "transpose"]) {
            try pullback(of: tape, resultCotangents: Array(zip(results, resultCotangents)), into: &adjoints,
                         substitutions: values, inactive: inactive, manual: manual)
        }
        let captured = region.capturedValues.compactMap { value in adjoints[value].map { (value: value, cotangent: $0) } }
        return (results, arguments.map { adjoints[$0] }, captured)
    }

    /// Emits the cotangents of what `tape` reads, given those of its
    /// results, into `adjoints`: each instruction's rule (and the sums of
    /// its cotangents) under that instruction's name scope.
    private static func pullback(of tape: [Instruction], resultCotangents: [(Value, Value?)], into adjoints: inout Adjoints,
                                 substitutions values: [Int: Value], inactive: Set<Int>, manual: ManualAxes?) throws {
        let builder = adjoints.builder
        for (result, cotangent) in resultCotangents {
            if let cotangent { try adjoints.accumulate(cotangent, into: result) }
        }
        for instruction in tape.reversed() {
            let cotangents = instruction.results.map { adjoints[$0] }
            guard cotangents.contains(where: { $0 != nil }) else { continue }
            try builder.withNameScope(instruction.nameScope) {
                try pullback(of: instruction, cotangents: cotangents, into: &adjoints, substitutions: values,
                             inactive: inactive, manual: manual)
            }
        }
    }

    /// Emits the cotangents `instruction` gives what it reads into `adjoints`.
    private static func pullback(of instruction: Instruction, cotangents: [Value?], into adjoints: inout Adjoints,
                                 substitutions values: [Int: Value], inactive: Set<Int>, manual: ManualAxes?) throws {
        let builder = adjoints.builder
        let emitter = GradientEmitter(builder: builder, operands: instruction.operands, results: instruction.results,
                                      attributes: instruction.attributes, regions: instruction.regions,
                                      cotangents: cotangents, location: instruction.location,
                                      substitutions: values, inactive: inactive, manual: manual)
        try manual?.checkRegions(of: instruction)
        var operandCotangents: [Value?]
        switch instruction.op.definition.differentiability {
        case .zeroGradient:
            return
        case .notDifferentiable:
            throw IRError.notDifferentiable(op: instruction.op.name, location: instruction.location)
        case let .differentiable(rule):
            operandCotangents = try rule(emitter)
        case let .differentiableWithCaptures(rule):
            let (operands, captured) = try rule(emitter)
            operandCotangents = operands
            for (value, cotangent) in captured {
                try adjoints.accumulate(cotangent, into: value, from: instruction, manual: manual)
            }
        }
        for (operand, cotangent) in zip(instruction.operands, operandCotangents) {
            if let cotangent { try adjoints.accumulate(cotangent, into: operand, from: instruction, manual: manual) }
        }
    }

    /// `inactive` and the results of `tape`'s instructions that read no
    /// active floating-point value (directly or in their regions).
    private static func inactiveValues(of tape: [Instruction], from inactive: Set<Int>) -> Set<Int> {
        var inactive = inactive
        for instruction in tape {
            let reads = instruction.operands + instruction.regions.flatMap(\.capturedValues)
            guard !reads.contains(where: { $0.type.elementType.isFloatingPoint && !inactive.contains($0.id) }) else { continue }
            inactive.formUnion(instruction.results.map(\.id))
        }
        return inactive
    }
}

/// Cotangents accumulated per value; only active floating-point values
/// carry any.
private struct Adjoints {
    let builder: FunctionBuilder
    /// The ids of the values that get no cotangent.
    let inactive: Set<Int>
    private var cotangents: [Int: Value] = [:]

    init(builder: FunctionBuilder, inactive: Set<Int>) {
        self.builder = builder
        self.inactive = inactive
    }

    subscript(value: Value) -> Value? { cotangents[value.id] }

    /// Adds `cotangent`, which `instruction` gives its operand (or captured
    /// value) `value`, summed over the mesh axes the instruction computes
    /// over but `value` does not vary over (see ``ManualAxes``).
    mutating func accumulate(_ cotangent: Value, into value: Value, from instruction: Instruction, manual: ManualAxes?) throws {
        guard let manual, accepts(value) else { return try accumulate(cotangent, into: value) }
        try accumulate(try manual.summed(cotangent, for: value, of: instruction, into: builder), into: value)
    }

    /// Whether `value` carries a cotangent: an active floating-point value.
    private func accepts(_ value: Value) -> Bool {
        value.type.elementType.isFloatingPoint && !inactive.contains(value.id)
    }

    mutating func accumulate(_ cotangent: Value, into value: Value) throws {
        guard accepts(value) else { return }
        if let existing = cotangents[value.id] {
            cotangents[value.id] = try builder.append(.add, [existing, cotangent])[0]
        } else {
            cotangents[value.id] = cotangent
        }
    }
}
