/// A transformation of a program into an equivalent (or, for autodiff and
/// batching, a derived) program.
///
/// Passes must respect effects: never drop, merge or reorder instructions
/// whose ``Instruction/isEffectful`` is set.
public protocol Pass: Sendable {
    /// The pass's name, for reports and errors.
    var name: String { get }

    /// Transforms the program in place.
    ///
    /// - Throws: ``IRError`` when the program cannot be transformed.
    func run(_ program: inout Program) throws
}

/// Runs passes in order, optionally verifying the program after each.
public struct PassManager: Sendable {
    /// The passes, in order.
    public var passes: [any Pass]
    /// Whether to run ``Verifier`` after every pass (a debugging aid).
    public var verifiesAfterEachPass: Bool

    /// Creates a pass manager.
    public init(_ passes: [any Pass], verifiesAfterEachPass: Bool = false) {
        self.passes = passes
        self.verifiesAfterEachPass = verifiesAfterEachPass
    }

    /// The standard clean-up before lowering: constant folding,
    /// common-subexpression elimination, sums of padded pieces as
    /// concatenations, dead-code elimination, then products narrowed to
    /// the slices of them that are read, and debug prints chained in
    /// program order (``EffectOrdering``).
    public static let standard = PassManager([ConstantFolding(), CommonSubexpressionElimination(),
                                              PaddedSumToConcatenate(), DeadCodeElimination(), SliceOfDot(),
                                              EffectOrdering()])

    /// Runs every pass on the program.
    ///
    /// - Throws: the first pass's or verifier's ``IRError``; a verifier
    ///   error names the pass that broke the program.
    public func run(_ program: inout Program) throws {
        for pass in passes {
            try pass.run(&program)
            guard verifiesAfterEachPass else { continue }
            do {
                try program.verify()
            } catch let error as IRError {
                throw IRError.invalidStructure(reason: "after the \(pass.name) pass: \(error)", location: nil)
            }
        }
    }
}

extension Program {
    /// Applies a per-function transformation to every function.
    mutating func transformFunctions(_ transform: (inout Function) throws -> Void) rethrows {
        for index in functions.indices { try transform(&functions[index]) }
    }
}

extension Instruction {
    /// The instruction reading `substitutions[id]` instead of each operand
    /// that has an entry (nested regions untouched).
    func substituting(_ substitutions: [Int: Value]) -> Instruction {
        guard !substitutions.isEmpty else { return self }
        var copy = self
        copy.operands = operands.map { substitutions[$0.id] ?? $0 }
        return copy
    }
}
