extension FunctionBuilder {
    /// Appends a copy of `instruction` (and of its regions, with fresh
    /// values), reading `values[id]` for each operand defined elsewhere and
    /// recording its results there. Returns the copy, with the original's
    /// name scopes, its own and its regions' instructions' (the appended
    /// ones are wrapped in the transformations under way, see
    /// ``transformingNameScopes(by:_:)``).
    ///
    /// - Throws: ``IRError`` when an operand has no substitute or the op
    ///   rejects the copy.
    @discardableResult
    public func copy(_ instruction: Instruction, substituting values: inout [Int: Value]) throws -> Instruction {
        let operands = try instruction.operands.map { try substitute($0, values, instruction) }
        var regions: [Region] = []
        for region in instruction.regions {
            let arguments = beginRegion(arguments: region.arguments.map(\.type))
            do {
                for (old, new) in zip(region.arguments, arguments) { values[old.id] = new }
                for nested in region.instructions { try copy(nested, substituting: &values) }
                regions.append(endRegion(returning: try region.returns.map { try substitute($0, values, instruction) }))
            } catch {
                _ = endRegion(returning: [])
                throw error
            }
        }
        let results = try append(instruction.op, operands, attributes: instruction.attributes, regions: regions,
                                 location: instruction.location, nameScope: instruction.nameScope)
        for (old, new) in zip(instruction.results, results) { values[old.id] = new }
        return Instruction(op: instruction.op, operands: operands, attributes: instruction.attributes, results: results,
                           regions: zip(instruction.regions, regions).map { Self.scopes(of: $0, in: $1) }, location: instruction.location,
                           nameScope: instruction.nameScope)
    }

    /// `copy`, a copy of `original`, with the name scopes of `original`'s
    /// instructions (nested ones too), so that a transformation re-emitting
    /// it wraps them once.
    private static func scopes(of original: Region, in copy: Region) -> Region {
        var copy = copy
        for (index, instruction) in zip(copy.instructions.indices, original.instructions) {
            copy.instructions[index].nameScope = instruction.nameScope
            copy.instructions[index].regions = zip(instruction.regions, copy.instructions[index].regions).map { scopes(of: $0, in: $1) }
        }
        return copy
    }

    /// Appends copies of `region`'s instructions, its arguments standing
    /// for `arguments` and the values it captures read as they are (they
    /// must be visible where the builder appends). Returns the values it
    /// returns, the copies in order, and the value standing for each of
    /// the region's values, by id.
    ///
    /// `known` gives, by the id of a region value, a value of its type
    /// already computed: an instruction without regions whose results are
    /// all known is not appended, and its entry in the copies reads the
    /// substituted operands and gives the known results (so a pullback can
    /// use values saved by a loop instead of recomputing them).
    ///
    /// - Throws: ``IRError`` as ``copy(_:substituting:)`` does.
    public func inline(_ region: Region, arguments: [Value], known: [Int: Value] = [:])
        throws -> (results: [Value], copies: [Instruction], values: [Int: Value]) {
        var values: [Int: Value] = [:]
        for value in region.capturedValues { values[value.id] = value }
        for (argument, value) in zip(region.arguments, arguments) { values[argument.id] = value }
        let copies = try region.instructions.map { instruction in
            let results = instruction.results.compactMap { known[$0.id] }
            guard instruction.regions.isEmpty, !results.isEmpty, results.count == instruction.results.count else {
                return try copy(instruction, substituting: &values)
            }
            let operands = try instruction.operands.map { try substitute($0, values, instruction) }
            for (old, new) in zip(instruction.results, results) { values[old.id] = new }
            return Instruction(op: instruction.op, operands: operands, attributes: instruction.attributes, results: results,
                               location: instruction.location, nameScope: instruction.nameScope)
        }
        return (try region.returns.map { try substitute($0, values, nil) }, copies, values)
    }

    private func substitute(_ value: Value, _ values: [Int: Value], _ instruction: Instruction?) throws -> Value {
        guard let substitute = values[value.id] else {
            throw IRError.undefinedValue(op: instruction?.op.name ?? "return", value: "%\(value.id)",
                                         location: instruction?.location)
        }
        return substitute
    }
}
