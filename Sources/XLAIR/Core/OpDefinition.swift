/// Everything the IR knows about one op, in one place: its name, attribute
/// schema, regions, effect, shape and type rule, StableHLO lowering,
/// (optionally) constant folding, and its reverse-mode and batching rules.
///
/// Adding an op touches these files (Docs/Architecture.md, "Adding an op"):
/// - `Sources/XLAIR/Ops/<Family>/<Op>.swift`: the definition, a
///   ``ConfiguredOp`` whose `Configuration` decodes its attributes once
///   (or a plain `OpDefinition` when it has none); its ``Op`` constant; its
///   ``differentiability`` and ``batching`` (in `<Op>+Gradients.swift` or
///   `<Op>+Batching.swift` beside it when long). Neither has a default: a
///   rule, ``Differentiability/zeroGradient`` or ``Batching/elementwise``, or
///   `.notDifferentiable(because:)` / `.notBatchable(because:)`.
/// - `Sources/XLAIR/Ops/BuiltinOps.swift`: the constant in `all`, which
///   ``OpRegistry`` serves to the parser (`OpRegistrationTests` checks it).
/// - A test of its shape rule and lowering under `Tests/XLAIRTests`.
///
/// A one- or two-operand elementwise function is a case of
/// ``UnaryFunction`` or ``BinaryFunction`` instead, whose exhaustive switch
/// in `UnaryElementwise+Gradients.swift` / `BinaryElementwise+Gradients.swift`
/// holds its rule, and an ``Op`` constant in `UnaryElementwise.swift` /
/// `BinaryElementwise.swift`.
public protocol OpDefinition: Sendable {
    /// The op's name in IR text (`add`, `dot_general`).
    var name: String { get }
    /// The attributes it accepts; others are rejected.
    var attributeSchema: [AttributeSpec] { get }
    /// How many regions each instruction has; nil accepts any number ≥ 1.
    var regionCount: Int? { get }
    /// Whether instructions of this op are effects that passes must keep,
    /// never merge and never reorder.
    var isEffectful: Bool { get }
    /// How reverse-mode differentiation treats the op (see `Autodiff/`).
    var differentiability: Differentiability { get }
    /// How `vmap` batches the op (see `Batching/`).
    var batching: Batching { get }

    /// The result types for the given operand types, attributes and regions.
    /// Call it through ``Op/inferResultTypes(_:)``, which checks the
    /// attribute schema and region count first. A ``ConfiguredOp`` reads
    /// its attributes through its configuration, which also rejects
    /// missing or mistyped ones.
    ///
    /// - Throws: ``IRError`` naming the op and operand types, with a reason.
    func inferResultTypes(_ context: InferenceContext) throws -> [TensorType]

    /// Writes the instruction as StableHLO/CHLO.
    ///
    /// - Throws: ``IRError/notLowerable(op:reason:location:)`` when the op
    ///   has no lowering; ``IRError/invalidAttribute(op:attribute:reason:location:)``
    ///   when an attribute it reads is missing or mistyped (an instruction
    ///   that bypassed the builder and the verifier).
    func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws

    /// The results computed from constant operands, or nil to leave the
    /// instruction alone. Never implemented for float transcendental
    /// functions: XLA's results are the reference.
    func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]?
}

extension OpDefinition {
    /// No attributes.
    public var attributeSchema: [AttributeSpec] { [] }
    /// No regions.
    public var regionCount: Int? { 0 }
    /// Pure.
    public var isEffectful: Bool { false }
    /// Not folded.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? { nil }
}

/// A handle on an op definition, compared and hashed by name, with a
/// constant per built-in op (`.add`, `.dotGeneral`) for builders.
public struct Op: Hashable, Sendable, CustomStringConvertible {
    /// The op's rules.
    public let definition: any OpDefinition

    /// Wraps a definition.
    public init(_ definition: any OpDefinition) {
        self.definition = definition
    }

    /// The op's name.
    public var name: String { definition.name }

    /// The op's name.
    public var description: String { name }

    /// Whether both name the same op.
    public static func == (lhs: Op, rhs: Op) -> Bool { lhs.name == rhs.name }

    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Checks attributes and regions against the schema, then runs the
    /// op's shape and type rule.
    ///
    /// - Throws: ``IRError`` for a missing, unknown or ill-kinded attribute,
    ///   a wrong region count, operands the op rejects, or a result type XLA
    ///   cannot hold (see ``TensorType/sizeProblem``).
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let schema = definition.attributeSchema
        for (name, value) in context.attributes {
            guard let spec = schema.first(where: { $0.name == name }) else {
                let known = schema.isEmpty ? "it takes none" : "it takes " + schema.map(\.name).joined(separator: ", ")
                throw context.invalidAttribute(name, "\(self.name) has no such attribute; \(known)")
            }
            guard value.kind == spec.kind else {
                throw context.invalidAttribute(name, "expected \(spec.kind.rawValue)")
            }
            if case let .string(text) = value, !spec.allowedValues.isEmpty, !spec.allowedValues.contains(text) {
                throw context.invalidAttribute(name, "'\(text)' is not one of \(spec.allowedValues.joined(separator: ", "))")
            }
        }
        for spec in schema where spec.isRequired && context.attributes[spec.name] == nil {
            throw context.invalidAttribute(spec.name, "it is required")
        }
        switch definition.regionCount {
        case let count? where context.regions.count != count:
            throw IRError.invalidStructure(
                reason: "\(name) needs \(count) region\(count == 1 ? "" : "s") but has \(context.regions.count)",
                location: context.location)
        case nil where context.regions.isEmpty:
            throw IRError.invalidStructure(reason: "\(name) needs at least one region", location: context.location)
        default:
            let results = try definition.inferResultTypes(context)
            for result in results {
                if let problem = result.sizeProblem { throw context.invalid("its result \(result) \(problem)") }
            }
            return results
        }
    }
}
