extension Scatter {
    /// Reverse-mode rules per combiner, JAX's (`jax/_src/lax/slicing.py`):
    /// - `add`: the operand gets the cotangent, each update the cotangent
    ///   gathered at its window.
    /// - `set`: the operand gets the cotangent where nothing was written;
    ///   each update the gathered cotangent if its write is the one that
    ///   landed (JAX's id trick for overlapping windows: scatter update ids,
    ///   gather them back, compare).
    /// - `mul`: the operand gets the cotangent multiplied by the updates as
    ///   the forward pass; each update the gathered cotangent times the
    ///   operand times the other updates on its window (JAX has this part
    ///   only for unique indices).
    /// - `min`/`max`: JAX's rule: ties between the operand and the updates
    ///   that reach the result share the cotangent evenly.
    ///
    /// An update whose window was skipped (out of bounds) gets zero, as in
    /// JAX's `drop` mode. Indices get none.
    public var differentiability: Differentiability {
        .differentiable { e in
            let rule = ScatterGradient(e, try configuration(e.attributes, at: e.location))
            let g = try e.cotangent()
            let (operand, updates): (Value, Value) = switch rule.dims.kind {
            case .add: (g, try rule.gatherInBounds(g))
            case .set: try rule.set(g)
            case .mul: try rule.mul(g)
            case .min, .max: try rule.extremal(g)
            }
            return [operand, nil, updates]
        }
    }
}

/// The pieces of a scatter's reverse-mode rule: its operands and the
/// gather that reads each update's window back.
private struct ScatterGradient {
    let e: GradientEmitter
    let dims: ScatterDimensions
    let gatherDims: GatherDimensions

    init(_ e: GradientEmitter, _ dims: ScatterDimensions) {
        self.e = e
        self.dims = dims
        gatherDims = dims.inverse(operandRank: e.operands[0].type.shape.count, updates: e.operands[2].type.shape)
    }

    var operand: Value { e.operands[0] }
    var indices: Value { e.operands[1] }
    var updates: Value { e.operands[2] }

    /// Each update's window of `value` (operand-shaped), as XLA reads it.
    func gather(_ value: Value) throws -> Value {
        try e.builder.gather(value, indices, gatherDims, location: e.location)
    }

    /// `gather`, with zeros for the windows the scatter skipped.
    func gatherInBounds(_ value: Value) throws -> Value {
        let inBounds = try e.builder.blocksInBounds(indices, operandShape: operand.type.shape, gatherDims, location: e.location)
        let shape = updates.type.shape
        let scatterDims = shape.indices.filter { !dims.updateWindowDims.contains($0) }
        let mask = try e.broadcast(inBounds, to: shape, dimensions: scatterDims)
        return try e.select(mask, try gather(value), try e.zeros(updates.type))
    }

    /// `base` with `values` (updates-shaped) scattered in by `kind`.
    func scatter(_ base: Value, _ values: Value, _ kind: ScatterKind) throws -> Value {
        try e.builder.scatter(base, indices, values, dims.with(kind: kind), location: e.location)
    }

    /// `set`: with unique indices, the written windows zeroed and gathered;
    /// otherwise the id trick decides which update landed.
    func set(_ g: Value) throws -> (Value, Value) {
        if dims.uniqueIndices {
            return (try scatter(g, try e.zeros(updates.type), .set), try gatherInBounds(g))
        }
        let shape = updates.type.shape
        let idShape = shape.indices.map { dims.updateWindowDims.contains($0) ? 1 : shape[$0] }
        let count = idShape.reduce(1, *)
        let iota = try e.apply(.iota, attributes: [
            "shape": .ints([count]), "dimension": .int(0), "element_type": .elementType(.int32),
        ])
        let ids = try e.broadcast(try e.add(try e.reshape(iota, idShape), try e.constant(1, TensorType(.int32, idShape))),
                                  to: shape, dimensions: Array(shape.indices))
        let written = try e.builder.scatter(try e.zeros(TensorType(.int32, operand.type.shape)), indices, ids,
                                            dims.with(kind: .set), location: e.location)
        let untouched = try e.compare(written, "EQ", try e.zeros(written.type))
        let landed = try e.compare(ids, "EQ", try e.builder.gather(written, indices, gatherDims, location: e.location))
        return (try e.select(untouched, g, try e.zeros(g.type)), try e.select(landed, try gather(g), try e.zeros(updates.type)))
    }

    /// `mul`: the operand's cotangent scaled like the forward pass; each
    /// update's by the operand and the product of the other updates.
    func mul(_ g: Value) throws -> (Value, Value) {
        let operandCotangent = try scatter(g, updates, .mul)
        let scaled = try gatherInBounds(try e.mul(g, operand))
        guard !dims.uniqueIndices else { return (operandCotangent, scaled) }
        // The product of the other updates on each window, zeros included.
        let type = updates.type
        let (zero, one) = (try e.zeros(type), try e.constant(1, type))
        let isZero = try e.compare(updates, "EQ", zero)
        let nonzero = try e.select(isZero, one, updates)
        let zeroCount = try gather(try scatter(try e.zeros(operand.type), try e.select(isZero, one, zero), .add))
        let nonzeroProduct = try gather(try scatter(try e.constant(1, operand.type), nonzero, .mul))
        let others = try e.select(isZero,
                                  try e.select(try e.compare(zeroCount, "EQ", one), nonzeroProduct, zero),
                                  try e.select(try e.compare(zeroCount, "EQ", zero), try e.div(nonzeroProduct, nonzero), zero))
        return (operandCotangent, try e.mul(scaled, others))
    }

    /// `min`/`max`: the cotangent shared evenly among the operand element
    /// and the updates equal to the result (JAX's JVP rule, transposed).
    func extremal(_ g: Value) throws -> (Value, Value) {
        let type = updates.type
        let (zero, one) = (try e.zeros(type), try e.constant(1, type))
        let target = try gather(e.results[0])
        let successful = try e.compare(updates, "EQ", target)
        let retained = try e.compare(try gather(operand), "EQ", target)
        let updateCount = try gather(try scatter(try e.zeros(operand.type), try e.select(successful, one, zero), .add))
        let references = try gather(try scatter(try e.zeros(operand.type), one, .add))
        let shared = try e.div(one, try e.add(updateCount, one))
        let updateShare = try e.select(successful, try e.select(retained, shared, try e.div(one, updateCount)), zero)
        let operandShare = try e.div(try e.sub(try e.select(retained, shared, zero), one), references)
        let gathered = try gather(g)
        return (try scatter(g, try e.mul(gathered, operandShare), .add), try e.mul(try gatherInBounds(g), updateShare))
    }
}
