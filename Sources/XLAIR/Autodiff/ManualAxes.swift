/// The mesh axes of per-device code (JAX's `shard_map`) and which of them
/// each value varies over (JAX's varying manual axes), so that reverse mode
/// differentiates it as JAX's `shard_map` does.
///
/// A value that is the same on every device along an axis (a replicated
/// argument, a `psum` over the axis) is *invariant* over it; one that can
/// differ (a split argument, the axis index, anything computed from them)
/// *varies*. An instruction that combines values computes over every axis
/// one of them varies over, so an operand invariant over such an axis is
/// implicitly sent to every device: the transpose of that is a sum over the
/// axis. With these axes given, ``ReverseModeTransformation`` sums such an operand's
/// cotangent over the axes it does not vary over, and a `psum` over a mesh
/// axis transposes to the cotangent itself (`pmean` to the cotangent over
/// the axis size): the gradient of a replicated parameter is the sum of the
/// devices' gradients, as in JAX, not each device's own (as under `pmap`).
public struct ManualAxes: Sendable {
    /// A mesh axis: its name, its index in the function being built (the
    /// `all_reduce` index operand) and the attributes of a sum over it
    /// (`axis_name`, `kind` and its device groups).
    public struct Axis: Sendable {
        /// The axis name.
        public let name: String
        /// The device's index along the axis, in the function being built.
        public let index: Value
        /// The attributes of an `all_reduce` summing over the axis.
        public let sumAttributes: Attributes

        /// An axis `name` whose index is `index` and whose sum has `sumAttributes`.
        public init(name: String, index: Value, sumAttributes: Attributes) {
            (self.name, self.index, self.sumAttributes) = (name, index, sumAttributes)
        }
    }

    /// The mesh axes.
    public let axes: [Axis]
    /// What each value varies over, extended over what is differentiated.
    public private(set) var values: VaryingValues

    /// The axes `axes`, with `values` giving what the values defined so far
    /// vary over (its axis names should be those of `axes`).
    public init(axes: [Axis], values: VaryingValues) {
        self.axes = axes
        self.values = values
    }

    /// Whether `name` is one of the mesh axes.
    func contains(_ name: String) -> Bool { values.axisNames.contains(name) }

    /// Extends ``values`` over `instructions` (see ``VaryingValues/propagate(through:)``).
    mutating func propagate(through instructions: [Instruction]) {
        values.propagate(through: instructions)
    }

    /// `cotangent`, the cotangent `instruction` gives `operand`, summed over
    /// the axes the instruction computes over that `operand` does not vary
    /// over (the transpose of sending it to every device).
    func summed(_ cotangent: Value, for operand: Value, of instruction: Instruction, into builder: FunctionBuilder) throws -> Value {
        let missing = values.computedOver(instruction).subtracting(values.varyingAxes(of: operand))
        return try axes.filter { missing.contains($0.name) }.reduce(cotangent) { sum, axis in
            try builder.append(.allReduce, [sum, axis.index], attributes: axis.sumAttributes, location: instruction.location)[0]
        }
    }

    /// Throws when `instruction`'s regions hold a collective over a mesh
    /// axis, whose rule inside a region would not know the varying axes.
    func checkRegions(of instruction: Instruction) throws {
        func holdsCollective(_ region: Region) -> Bool {
            region.instructions.contains { values.meshAxis(of: $0) != nil || $0.regions.contains(where: holdsCollective) }
        }
        if instruction.regions.contains(where: holdsCollective) {
            throw IRError.notDifferentiable(op: "\(instruction.op.name) holding a collective over a shardMap mesh axis",
                                            location: instruction.location)
        }
    }
}
