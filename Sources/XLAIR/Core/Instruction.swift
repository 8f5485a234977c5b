/// One operation in a region: an op applied to operands and attributes,
/// defining result values, possibly owning regions (loop bodies, branches).
public struct Instruction: Sendable {
    /// What the instruction computes.
    public var op: Op
    /// The values it reads, in order.
    public var operands: [Value]
    /// Its attributes, as the op's schema describes them.
    public var attributes: Attributes
    /// The values it defines, in order.
    public var results: [Value]
    /// Nested regions: a `while`'s condition and body, a `case`'s branches.
    public var regions: [Region]
    /// Whether the instruction has an effect, so that no pass may drop,
    /// merge or reorder it: set when its op is effectful or any nested
    /// instruction is.
    public var isEffectful: Bool
    /// Where a user created it (`file:line`), when the tracer knows.
    public var location: String?
    /// The name scope it was traced in (a Haiku module's path such as
    /// `mlp/~/linear_0`), which StableHLO emission writes into its
    /// location so that XLA's metadata names it; nil outside any scope.
    public var nameScope: String?

    /// Creates an instruction; its effect flag comes from the op and the
    /// regions. This does not check types: use ``FunctionBuilder`` or
    /// ``Verifier``.
    public init(op: Op, operands: [Value], attributes: Attributes = [:], results: [Value],
                regions: [Region] = [], location: String? = nil, nameScope: String? = nil) {
        self.op = op
        self.operands = operands
        self.attributes = attributes
        self.results = results
        self.regions = regions
        self.location = location
        self.nameScope = nameScope
        isEffectful = op.definition.isEffectful || regions.contains(where: \.hasEffects)
    }

    /// The result types, in order.
    public var resultTypes: [TensorType] { results.map(\.type) }
}

/// A straight-line list of instructions with arguments and returned values:
/// a function body, a loop body or a branch.
///
/// Instructions may read values defined earlier in the same region or in an
/// enclosing one before the owning instruction (StableHLO's implicit capture).
public struct Region: Sendable {
    /// The region's arguments (a function's parameters, a loop's carried values).
    public var arguments: [Value]
    /// The instructions, in program order.
    public var instructions: [Instruction]
    /// The values the region returns.
    public var returns: [Value]

    /// Creates a region.
    public init(arguments: [Value] = [], instructions: [Instruction] = [], returns: [Value] = []) {
        self.arguments = arguments
        self.instructions = instructions
        self.returns = returns
    }

    /// Whether any instruction in it, nested ones included, is effectful.
    public var hasEffects: Bool { instructions.contains(where: \.isEffectful) }

    /// The argument and return types.
    public var signature: RegionSignature {
        RegionSignature(arguments: arguments.map(\.type), results: returns.map(\.type))
    }

    /// Calls `body` on every instruction, nested ones after their owner.
    public func forEachInstruction(_ body: (Instruction) throws -> Void) rethrows {
        for instruction in instructions {
            try body(instruction)
            for region in instruction.regions { try region.forEachInstruction(body) }
        }
    }
}

/// The argument and result types of a region.
public struct RegionSignature: Hashable, Sendable {
    /// The argument types.
    public var arguments: [TensorType]
    /// The types of the returned values.
    public var results: [TensorType]

    /// Creates a signature.
    public init(arguments: [TensorType], results: [TensorType]) {
        self.arguments = arguments
        self.results = results
    }
}
