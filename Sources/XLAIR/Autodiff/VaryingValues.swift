/// Which mesh axes of per-device code (JAX's `shard_map`) each value
/// varies over (JAX's varying manual axes): a value that is the same on
/// every device along an axis (a replicated argument, a `psum` over the
/// axis) is *invariant* over it; one that can differ there (a split
/// argument, the axis index, anything computed from them) *varies*.
/// ``ManualAxes`` differentiates with it as JAX's `shard_map` does.
public struct VaryingValues: Sendable {
    /// The mesh axes.
    public let axisNames: Set<String>
    /// The axes each value varies over, by id; a value not listed varies
    /// over every axis (what is not known is taken to differ).
    public private(set) var varying: [Int: Set<String>]

    /// Values over the axes `axisNames`, `varying` known for those defined so far.
    public init(axisNames: Set<String>, varying: [Int: Set<String>]) {
        self.axisNames = axisNames
        self.varying = varying
    }

    /// The axes `value` varies over.
    public func varyingAxes(of value: Value) -> Set<String> {
        varying[value.id] ?? axisNames
    }

    /// Extends ``varying`` over `instructions`, in order: each result varies
    /// over the axes its instruction computes over, less the axis a
    /// reduction over a mesh axis (`psum`, `pmax`, ...) makes it the same along.
    public mutating func propagate(through instructions: [Instruction]) {
        for instruction in instructions {
            var axes = computedOver(instruction)
            if instruction.op.name == Op.allReduce.name, let axis = meshAxis(of: instruction) { axes.remove(axis) }
            for result in instruction.results { varying[result.id] = axes }
        }
    }

    /// The axes `instruction` computes over: those its operands and the
    /// values its regions read vary over, and the mesh axis of a collective
    /// (whose operand is first made varying over it, as JAX does; its
    /// second operand, the axis index, only names the axis).
    func computedOver(_ instruction: Instruction) -> Set<String> {
        let meshAxis = meshAxis(of: instruction)
        let read = (meshAxis == nil ? instruction.operands : [instruction.operands[0]])
            + instruction.regions.flatMap(\.capturedValues)
        var axes = read.reduce(into: Set<String>()) { $0.formUnion(varyingAxes(of: $1)) }
        if let meshAxis { axes.insert(meshAxis) }
        return axes
    }

    /// The mesh axis a collective combines over, or nil for another op or a
    /// collective over a `vmap` axis.
    func meshAxis(of instruction: Instruction) -> String? {
        guard instruction.attributes["device_groups"] != nil, !instruction.operands.isEmpty,
              let name = instruction.attributes.string("axis_name"), axisNames.contains(name) else { return nil }
        return name
    }
}
