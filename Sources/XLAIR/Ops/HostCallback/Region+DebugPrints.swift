extension Region {
    /// The region without its debug prints (nested regions included), for
    /// code that recomputes a forward pass inside a backward one: JAX
    /// prints primal values once, in the forward pass. Before
    /// ``EffectOrdering`` no instruction reads a print's result.
    public var droppingDebugPrints: Region {
        var copy = self
        copy.instructions = instructions.compactMap { instruction in
            guard instruction.op != .debugPrint else { return nil }
            guard instruction.isEffectful, !instruction.regions.isEmpty else { return instruction }
            var stripped = instruction
            stripped.regions = instruction.regions.map(\.droppingDebugPrints)
            stripped.isEffectful = instruction.op.definition.isEffectful || stripped.regions.contains(where: \.hasEffects)
            return stripped
        }
        return copy
    }
}
