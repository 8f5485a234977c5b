/// Replaces a sum of zero-padded pieces that tile one axis, each piece
/// read by the sum alone, by their concatenation: the cotangent of a value
/// split into slices (an LSTM's four gates) is, term by term, each slice's
/// cotangent padded back to the whole; added up, that writes every element
/// once per piece, where a concatenation writes it once (JAX transposes
/// `split` into `concatenate` for the same reason).
public struct PaddedSumToConcatenate: Pass {
    /// `padded-sum-to-concatenate`.
    public let name = "padded-sum-to-concatenate"

    /// Creates the pass.
    public init() {}

    /// Rewrites every function; run ``DeadCodeElimination`` afterwards to
    /// drop the pads and additions no longer read.
    public func run(_ program: inout Program) {
        program.transformFunctions { function in
            rewrite(&function.body, uses: function.body.useCounts(), definitions: function.body.definitions(nested: true))
        }
    }

    private func rewrite(_ region: inout Region, uses: [Int: Int], definitions: [Int: Instruction]) {
        for index in region.instructions.indices {
            for nested in region.instructions[index].regions.indices {
                rewrite(&region.instructions[index].regions[nested], uses: uses, definitions: definitions)
            }
            let instruction = region.instructions[index]
            guard instruction.op == .add, let (pieces, axis) = tiling(instruction, uses: uses, definitions: definitions)
            else { continue }
            region.instructions[index] = Instruction(op: .concatenate, operands: pieces, attributes: ["dimension": .int(axis)],
                                                     results: instruction.results, location: instruction.location,
                                                     nameScope: instruction.nameScope)
        }
    }

    /// The pieces, in order along the axis, and the axis, when `sum` adds
    /// zero-padded pieces (through additions read by it alone) that tile
    /// one axis of its result.
    private func tiling(_ sum: Instruction, uses: [Int: Int], definitions: [Int: Instruction]) -> ([Value], Int)? {
        var pads: [Instruction] = []
        var pending = sum.operands
        while let value = pending.popLast() {
            guard uses[value.id] == 1, let made = definitions[value.id] else { return nil }
            switch made.op {
            case .add: pending += made.operands
            case .pad: pads.append(made)
            default: return nil
            }
        }
        let shape = sum.resultTypes[0].shape
        var axis: Int?
        var pieces: [(start: Int, value: Value)] = []
        for pad in pads {
            guard let padding = try? Pad().configuration(of: pad), padding.interior.allSatisfy({ $0 == 0 }),
                  isZero(pad.operands[1], definitions) else { return nil }
            let (low, high) = (padding.low, padding.high)
            let padded = shape.indices.filter { low[$0] != 0 || high[$0] != 0 }
            guard padded.count <= 1, (padded + low + high).allSatisfy({ $0 >= 0 }) else { return nil }
            if let first = padded.first {
                guard axis == nil || axis == first else { return nil }
                axis = first
            }
            pieces.append((padded.first.map { low[$0] } ?? 0, pad.operands[0]))
        }
        guard let axis, pieces.count > 1 else { return nil }
        pieces.sort { $0.start < $1.start }
        var end = 0
        for piece in pieces {
            guard piece.start == end else { return nil }
            end += piece.value.type.shape[axis]
        }
        return end == shape[axis] ? (pieces.map(\.value), axis) : nil
    }

    /// Whether `value` is a scalar zero constant.
    private func isZero(_ value: Value, _ definitions: [Int: Instruction]) -> Bool {
        guard let instruction = definitions[value.id], let literal = Constant.literal(of: instruction),
              literal.elementCount == 1 else { return false }
        return literal.bytes.allSatisfy { $0 == 0 }
    }
}
