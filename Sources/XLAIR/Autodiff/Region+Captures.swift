extension Region {
    /// The values the region reads from outside, nested regions included:
    /// those used but not defined in it, in order of first use.
    public var capturedValues: [Value] {
        var defined = Set(arguments.map(\.id))
        var used: [Value] = []
        func visit(_ region: Region) {
            defined.formUnion(region.arguments.map(\.id))
            for instruction in region.instructions {
                used += instruction.operands
                instruction.regions.forEach(visit)
                defined.formUnion(instruction.results.map(\.id))
            }
            used += region.returns
        }
        visit(self)
        var seen = Set<Int>()
        return used.filter { !defined.contains($0.id) && seen.insert($0.id).inserted }
    }
}
