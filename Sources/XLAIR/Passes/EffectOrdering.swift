/// Chains every ``DebugPrint`` to the one before it in program order, so
/// that XLA, which orders instructions only by their data dependencies,
/// runs host prints in the order the program made them.
///
/// Each print's `i32` result (its order value) becomes the next print's
/// last operand (`ordered`). A `while` whose regions print carries the
/// order value as one more loop value (the condition reads it, the body
/// threads it); a `case` whose branches print threads it through each
/// branch and returns it as one more result. Before the first print the
/// chain starts from an `i32` zero constant where a loop or branch needs
/// one. Run it last: it adds operands, carries and results that other
/// passes need not know.
public struct EffectOrdering: Pass {
    /// `effect-ordering`.
    public let name = "effect-ordering"

    /// Creates the pass.
    public init() {}

    /// Threads the order value through every function.
    public func run(_ program: inout Program) throws {
        try program.transformFunctions { function in
            var order: Value?
            var body = function.body
            try Self.thread(&body, order: &order, in: &function)
            function.body = body
        }
    }

    /// Threads `order` through the region's prints, loops and branches in
    /// program order, leaving it at the last order value.
    static func thread(_ region: inout Region, order: inout Value?, in function: inout Function) throws {
        var threaded: [Instruction] = []
        for var instruction in region.instructions {
            guard instruction.isEffectful, instruction.op == .debugPrint || instruction.regions.contains(where: printsInside) else {
                threaded.append(instruction)
                continue
            }
            if instruction.op == .debugPrint {
                if let order {
                    instruction.operands.append(order)
                    instruction.attributes["ordered"] = .bool(true)
                }
                order = instruction.results[0]
            } else {
                let start = order ?? zero(appendingTo: &threaded, in: &function)
                switch instruction.op {
                case .whileLoop: order = try threadLoop(&instruction, from: start, in: &function)
                case .caseBranch: order = try threadBranches(&instruction, from: start, in: &function)
                default:
                    throw IRError.notLowerable(op: instruction.op.name, reason: "debug prints inside it cannot be ordered",
                                               location: instruction.location)
                }
            }
            threaded.append(instruction)
        }
        region.instructions = threaded
    }

    private static func printsInside(_ region: Region) -> Bool {
        var found = false
        region.forEachInstruction { if $0.op == .debugPrint { found = true } }
        return found
    }

    private static func zero(appendingTo instructions: inout [Instruction], in function: inout Function) -> Value {
        let value = function.makeValue(DebugPrint.orderType)
        let literal = Literal(type: DebugPrint.orderType, bytes: [0, 0, 0, 0])
        instructions.append(Instruction(op: .constant, operands: [], attributes: ["value": .literal(literal)], results: [value]))
        return value
    }

    /// Adds the order value as the last carried value; returns the loop's
    /// result for it.
    private static func threadLoop(_ loop: inout Instruction, from start: Value, in function: inout Function) throws -> Value {
        for index in loop.regions.indices {
            var argument: Value? = function.makeValue(DebugPrint.orderType)
            loop.regions[index].arguments.append(argument!)
            try thread(&loop.regions[index], order: &argument, in: &function)
            // The body returns the next order value; the condition only its predicate.
            if index == 1 { loop.regions[index].returns.append(argument!) }
        }
        loop.operands.append(start)
        let result = function.makeValue(DebugPrint.orderType)
        loop.results.append(result)
        return result
    }

    /// Threads the order value through each branch and returns it as the
    /// last result; returns the branch's result for it.
    private static func threadBranches(_ branch: inout Instruction, from start: Value, in function: inout Function) throws -> Value {
        for index in branch.regions.indices {
            var order: Value? = start
            try thread(&branch.regions[index], order: &order, in: &function)
            branch.regions[index].returns.append(order!)
        }
        let result = function.makeValue(DebugPrint.orderType)
        branch.results.append(result)
        return result
    }
}
