extension ReduceWindow {
    /// `sum`: JAX's transpose (the cotangent, padded and dilated by the
    /// strides, summed over windows again). `max`/`min`: the whole cotangent
    /// of a window goes to the element `select_and_scatter` with `ge`/`le`
    /// picks, built from masks over strided slices (never
    /// `select_and_scatter`; see `Docs/Pooling.md`). `prod` has no rule.
    public var differentiability: Differentiability {
        .differentiable { e in
            let operand = e.operands[0].type
            guard operand.elementType.isFloatingPoint else { return [nil] }
            let configuration = try configuration(e.attributes, at: e.location)
            let geometry = configuration.geometry
            if operand.elementCount == 0 || e.results[0].type.elementCount == 0 { return [try e.zeros(operand)] }
            switch configuration.kind {
            case .sum: return [try ReduceWindow.sumTranspose(e, geometry)]
            case .max, .min: return [try WindowChoice(e, geometry, kind: configuration.kind.rawValue).operandCotangent()]
            case .prod, .and, .or:
                throw IRError.notDifferentiable(op: "reduce_window \(configuration.kind.rawValue)", location: e.location)
            }
        }
    }

    /// The transpose of a windowed sum: every input element receives the
    /// cotangents of the windows that hold it. The cotangent is padded so
    /// that a window sum over it, moving by the base dilation, visits
    /// exactly those windows (JAX's `_reduce_window_sum_transpose_rule`).
    /// With unit strides the padding goes into the `reduce_window` itself,
    /// so a cumulative sum's cotangent is the reverse cumulative sum in the
    /// same form as JAX's.
    static func sumTranspose(_ e: GradientEmitter, _ geometry: WindowGeometry) throws -> Value {
        let cotangent = try e.cotangent()
        let (input, output) = (e.operands[0].type.shape, cotangent.type.shape)
        let low = input.indices.map { geometry.windowSpan($0) - geometry.paddingLow[$0] - 1 }
        let high = input.indices.map { dimension in
            Dilation.extent(of: input[dimension], by: geometry.baseDilations[dimension]) + geometry.windowSpan(dimension) - 1
                - Dilation.extent(of: output[dimension], by: geometry.windowStrides[dimension]) - low[dimension]
        }
        var transposed = geometry
        transposed.windowStrides = geometry.baseDilations
        transposed.baseDilations = input.map { _ in 1 }
        var summed = cotangent
        if geometry.windowStrides.allSatisfy({ $0 == 1 }) && (low + high).allSatisfy({ $0 >= 0 }) {
            (transposed.paddingLow, transposed.paddingHigh) = (low, high)
        } else {
            (transposed.paddingLow, transposed.paddingHigh) = (input.map { _ in 0 }, input.map { _ in 0 })
            summed = try e.apply(.pad, cotangent, try e.scalar(.int(0), cotangent.type.elementType), attributes: Pad.Configuration(
                low: low, high: high, interior: geometry.windowStrides.map { $0 - 1 }).attributes)
        }
        var attributes = transposed.attributes
        attributes["kind"] = .string("sum")
        return try e.apply(.reduceWindow, summed, attributes: attributes)
    }
}
