extension Case {
    /// A `case` on the same index whose branches each run their branch's
    /// pullback and return the cotangents of the floating-point values any
    /// branch reads from outside (zeros where a branch does not read one).
    /// The pullbacks recompute their branch without its debug prints.
    public var differentiability: Differentiability {
        .differentiableWithCaptures { e in
            let captured = differentiableCaptures(of: e.regions, e)
            guard !captured.isEmpty else { return ([nil], []) }
            let branches = try e.regions.map { branch in
                try e.builder.region(arguments: []) { _ in
                    let pullback = try ReverseModeTransformation.vjp(of: branch.droppingDebugPrints, arguments: [], resultCotangents: e.cotangents,
                                                       into: e.builder, substitutions: e.substitutions,
                                                       inactive: inactiveCaptures(of: [branch], e))
                    return try cotangents(of: captured, in: pullback.captured, e)
                }
            }
            let results = try e.builder.append(.caseBranch, [e.operands[0]], regions: branches, location: e.location)
            return ([nil], Array(zip(captured, results)).map { (value: $0, cotangent: $1) })
        }
    }
}

extension While {
    /// With a `trip_count` N: the forward loop, rewritten in place, also
    /// stacks the carried values and the body's intermediate values (its
    /// residuals) that the body's pullback reads, then a reverse loop runs,
    /// for step i from N − 1 down to 0, the body's pullback from the carry
    /// and residuals stored at i (recomputing only what does not change
    /// from step to step, debug prints left out), carrying the cotangents
    /// of the carried values and accumulating those of the outer values the
    /// body reads, a row a step where the body reads one row of them (the
    /// transpose of `lax.scan`). The cotangent of a stacked output (see
    /// `StackedOutputs`) is not carried: each step reads its row from the
    /// cotangent of the loop's result. Without one it is an
    /// ``IRError/dynamicTripCount(location:)``, as JAX refuses `while_loop`.
    public var differentiability: Differentiability {
        .differentiableWithCaptures { e in
            guard let tripCount = try configuration(e.attributes, at: e.location).tripCount else {
                throw IRError.dynamicTripCount(location: e.location)
            }
            return try LoopPullback(e, tripCount: tripCount).emit()
        }
    }
}

/// The active floating-point values the regions read from outside (see
/// ``GradientEmitter/isActive(_:)``), each once, in order of first use.
func differentiableCaptures(of regions: [Region], _ e: GradientEmitter) -> [Value] {
    var seen = Set<Int>()
    return regions.flatMap(\.capturedValues).filter {
        $0.type.elementType.isFloatingPoint && e.isActive($0) && seen.insert($0.id).inserted
    }
}

/// The ids of the values `regions` read from outside that are inactive in
/// `e`, for differentiating the regions.
func inactiveCaptures(of regions: [Region], _ e: GradientEmitter) -> Set<Int> {
    Set(regions.flatMap(\.capturedValues).filter { !e.isActive($0) }.map(\.id))
}

/// The cotangent of each of `values` found in `found`, else zeros.
func cotangents(of values: [Value], in found: [(value: Value, cotangent: Value)], _ e: GradientEmitter) throws -> [Value] {
    let byID = Dictionary(found.map { ($0.value.id, $0.cotangent) }, uniquingKeysWith: { first, _ in first })
    return try values.map { try byID[$0.id] ?? e.zeros($0.type) }
}
