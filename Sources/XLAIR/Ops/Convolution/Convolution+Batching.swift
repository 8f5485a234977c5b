extension Convolution {
    /// JAX's `_conv_general_dilated_batch_rule`: the vmapped axis is folded
    /// into a dimension the convolution already has. A batched input goes
    /// into the input batch (inside each batch group); a batched kernel into
    /// the output features (inside each group); both batched become extra
    /// feature groups (or batch groups). The output's batch or feature
    /// dimension is then split to give the vmapped axis back.
    public var batching: Batching {
        .rule { e in
            let c = try configuration(e.attributes, at: e.location)
            let d = c.dimensions
            let (lhs, rhs) = (e.operands[0], e.operands[1])
            let reshaping = ConvolutionReshaping(builder: e.builder, location: e.location)
            guard e.axisSize > 0 else { return [(try Convolution.emptyBatch(e, c), 0)] }
            let size = e.axisSize
            switch (lhs.batchDimension, rhs.batchDimension) {
            case (nil, nil):
                return [(try reshaping.convolution(lhs.value, rhs.value, c), nil)]
            case let (lhsAxis?, rhsAxis?):
                var folded = c
                let newLhs: Value
                if c.batchGroupCount > 1 {
                    newLhs = try reshaping.axis(lhsAxis, into: d.inputBatch, of: lhs.value)
                    folded.batchGroupCount *= size
                } else {
                    newLhs = try reshaping.axis(lhsAxis, into: d.inputFeature, of: lhs.value)
                    folded.featureGroupCount *= size
                }
                let newRhs = try reshaping.axis(rhsAxis, into: d.kernelOutputFeature, of: rhs.value)
                let out = try reshaping.convolution(newLhs, newRhs, folded)
                return [(try reshaping.axis(d.outputFeature, outOf: out, major: size), d.outputFeature)]
            case let (lhsAxis?, nil):
                let newLhs: Value
                if c.batchGroupCount == 1 {
                    newLhs = try reshaping.axis(lhsAxis, into: d.inputBatch, of: lhs.value)
                } else {
                    newLhs = try Convolution.foldInsideGroups(lhs.value, axis: lhsAxis, dimension: d.inputBatch,
                                                              groups: c.batchGroupCount, reshaping)
                }
                let out = try reshaping.convolution(newLhs, rhs.value, c)
                return [(try reshaping.axis(d.outputBatch, outOf: out, major: size), d.outputBatch)]
            case let (nil, rhsAxis?):
                let groups = Swift.max(c.featureGroupCount, c.batchGroupCount)
                if groups == 1 {
                    let newRhs = try reshaping.axis(rhsAxis, into: d.kernelOutputFeature, of: rhs.value)
                    let out = try reshaping.convolution(lhs.value, newRhs, c)
                    return [(try reshaping.axis(d.outputFeature, outOf: out, major: size), d.outputFeature)]
                }
                let newRhs = try Convolution.foldInsideGroups(rhs.value, axis: rhsAxis, dimension: d.kernelOutputFeature,
                                                              groups: groups, reshaping)
                var out = try reshaping.convolution(lhs.value, newRhs, c)
                // [groups · size · O/groups] → [size, groups · O/groups].
                out = try reshaping.axis(d.outputFeature, outOf: out, major: groups)
                out = try reshaping.axis(d.outputFeature + 1, outOf: out, major: size)
                out = try reshaping.axis(d.outputFeature, into: d.outputFeature + 1, of: out)
                return [(out, d.outputFeature)]
            }
        }
    }

    /// `x` with its vmapped axis `axis` folded into `dimension` (numbered
    /// without the vmapped axis) inside each of `groups` groups: the
    /// dimension becomes `[groups, size · (n / groups)]` flattened.
    static func foldInsideGroups(_ x: Value, axis: Int, dimension: Int, groups: Int,
                                 _ reshaping: ConvolutionReshaping) throws -> Value {
        let position = dimension + (axis <= dimension ? 1 : 0)
        var folded = try reshaping.axis(position, outOf: x, major: groups)
        folded = try reshaping.axis(axis + (dimension < axis ? 1 : 0), into: dimension + 1, of: folded)
        return try reshaping.axis(dimension, into: dimension, of: folded)
    }

    /// Zeros for a vmapped axis of size 0: the unbatched result type with a
    /// leading 0 (reshaping into an empty axis loses the sizes).
    static func emptyBatch(_ e: BatchEmitter, _ c: ConvolutionConfiguration) throws -> Value {
        let unbatched = e.operands.map { operand -> TensorType in
            guard let axis = operand.batchDimension else { return operand.value.type }
            var shape = operand.value.type.shape
            shape.remove(at: axis)
            return TensorType(operand.value.type.elementType, shape)
        }
        let type = try Op.convolution.inferResultTypes(
            InferenceContext(op: "convolution", operandTypes: unbatched, attributes: c.attributes, location: e.location))[0]
        let zero = e.builder.constant(Literal.splat(.float(0), as: TensorType(type.elementType, [])), location: e.location)
        return try e.append(.broadcastInDim, [zero], attributes: [
            "shape": .ints([0] + type.shape), "broadcast_dimensions": .ints([]),
        ])[0]
    }
}
