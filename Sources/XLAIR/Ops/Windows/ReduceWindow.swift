/// `reduce_window`: combines the elements of each window of the operand
/// with one of the monoids `sum`, `prod`, `max`, `min` (`kind`), as
/// `lax.reduce_window` does. Windows of `window_dimensions` elements move by
/// `window_strides` over the operand dilated by `base_dilations` (holes
/// between elements) and padded by `padding_low`/`padding_high`; the taps
/// of a window are `window_dilations` apart. Holes and padding hold the
/// monoid's identity (`-inf` for a float `max`). Only `window_dimensions`
/// is required: strides and dilations default to 1, padding to 0.
public struct ReduceWindow: ConfiguredOp {
    /// `reduce_window`.
    public let name = "reduce_window"

    /// The monoids it reduces with.
    static let kinds: [Reduce.Kind] = [.max, .min, .prod, .sum]

    /// The attributes: the monoid and the window geometry.
    public struct Configuration: OpConfiguration {
        /// The monoid: `sum`, `prod`, `max` or `min`.
        public var kind: Reduce.Kind
        /// The windows' sizes, strides, dilations and padding.
        let geometry: WindowGeometry

        /// Reads `kind` and the window attributes (see ``ReduceWindow``).
        public init(_ attributes: AttributeReader) throws {
            kind = try attributes.choice("kind")
            guard ReduceWindow.kinds.contains(kind) else {
                throw attributes.invalid("kind", "'\(kind.rawValue)' is not one of \(ReduceWindow.kinds.map(\.rawValue).joined(separator: ", "))")
            }
            geometry = try WindowGeometry(attributes)
        }
    }

    /// `kind`, `window_dimensions`, and optional `window_strides`,
    /// `base_dilations`, `window_dilations`, `padding_low`, `padding_high`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("kind", .string, allowedValues: ReduceWindow.kinds.map(\.rawValue))]
            + WindowGeometry.attributeNames.map { AttributeSpec($0, .ints, required: $0 == "window_dimensions") }
    }

    /// One element per window position.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let configuration = try configuration(of: context)
        let operand = try context.sameTypes(in: configuration.kind == .sum || configuration.kind == .prod ? .numeric : .any)
        let rank = operand.shape.count
        let geometry = configuration.geometry
        for (name, values) in zip(WindowGeometry.attributeNames, geometry.lists) {
            try context.checkLength(values, rank: rank, attribute: name)
            let least = name.hasPrefix("padding") ? 0 : 1
            if let bad = values.first(where: { $0 < least }) {
                throw context.invalidAttribute(name, "\(bad) is below \(least): every entry must be at least \(least)")
            }
        }
        guard let shape = geometry.resultShape(operand.shape) else {
            throw context.invalid("a padded, dilated size or a window's span overflows Int")
        }
        return [TensorType(operand.elementType, shape)]
    }

    /// A `stablehlo.reduce_window` whose body applies the combiner, from
    /// the monoid's identity.
    ///
    /// - Throws: ``IRError/invalidAttribute(op:attribute:reason:location:)``
    ///   for an instruction without `kind` or `window_dimensions`, which
    ///   only one that bypassed the shape rule (built without
    ///   ``FunctionBuilder`` or ``Verifier``) can be.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let configuration = try configuration(of: instruction)
        let (kind, geometry) = (configuration.kind, configuration.geometry)
        let operand = instruction.operands[0]
        let scalar = TensorType(operand.type.elementType, [])
        let rank = operand.type.shape.count
        let initial = writer.constant(.splat(Reduce.identity(kind, operand.type.elementType), as: scalar))
        var properties = ["window_dimensions = \(StableHLOWriter.i64Array(geometry.windowDimensions))",
                          "window_strides = \(StableHLOWriter.i64Array(geometry.windowStrides))",
                          "base_dilations = \(StableHLOWriter.i64Array(geometry.baseDilations))",
                          "window_dilations = \(StableHLOWriter.i64Array(geometry.windowDilations))"]
        if rank > 0 {
            let pairs = zip(geometry.paddingLow, geometry.paddingHigh).map { "[\($0), \($1)]" }.joined(separator: ", ")
            properties.append("padding = dense<[\(pairs)]> : tensor<\(rank)x2xi64>")
        }
        try writer.operation("stablehlo.reduce_window", results: [writer.name(instruction.results[0])],
                             operands: [(writer.name(operand), operand.type), (initial, scalar)],
                             resultTypes: instruction.resultTypes, properties: properties,
                             regions: [Reduce.combinerRegion(kind, scalar)])
    }
}

extension Op {
    /// Windowed reduction; see ``ReduceWindow``.
    public static let reduceWindow = Op(ReduceWindow())
}

extension ReduceWindow {
    /// The batch dimension gets a window of 1, stride 1, no dilation and no
    /// padding.
    public var batching: Batching {
        .rule { e in
            let configuration = try configuration(e.attributes, at: e.location)
            var attributes = configuration.geometry.withLeadingDimension.attributes
            attributes["kind"] = .string(configuration.kind.rawValue)
            return try e.leadingUnary(.reduceWindow, attributes: attributes)
        }
    }
}
