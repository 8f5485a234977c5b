extension Region {
    /// The instruction that defines each value, by id: the values of this
    /// region's instructions and, if `nested`, of its nested regions' too.
    func definitions(nested: Bool = false) -> [Int: Instruction] {
        var definitions: [Int: Instruction] = [:]
        func collect(_ region: Region) {
            for instruction in region.instructions {
                for result in instruction.results { definitions[result.id] = instruction }
                if nested { instruction.regions.forEach(collect) }
            }
        }
        collect(self)
        return definitions
    }

    /// Per value id, how many operands and returns of this region and its
    /// nested regions read it.
    func useCounts() -> [Int: Int] {
        var uses: [Int: Int] = [:]
        func count(_ region: Region) {
            for instruction in region.instructions {
                for operand in instruction.operands { uses[operand.id, default: 0] += 1 }
                instruction.regions.forEach(count)
            }
            for value in region.returns { uses[value.id, default: 0] += 1 }
        }
        count(self)
        return uses
    }
}
