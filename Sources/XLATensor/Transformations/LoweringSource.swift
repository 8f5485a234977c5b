import XLAIR

extension Program {
    /// Everything the standard passes and the StableHLO emission read from
    /// a traced program, as text: the key under which `jit` reuses its
    /// lowering (``XLARuntime/Client``'s traced compile). The IR text (ops,
    /// operands, attributes, literals, types, donation, effects, locations),
    /// then each instruction's name scope in program order, which the IR
    /// text leaves out but the emitted locations carry.
    var loweringSource: String {
        var text = irText + "\nname scopes\n"
        func append(_ region: Region) {
            for instruction in region.instructions {
                text += instruction.nameScope.debugDescription + "\n"
                instruction.regions.forEach(append)
            }
        }
        for function in functions { append(function.body) }
        return text
    }
}
