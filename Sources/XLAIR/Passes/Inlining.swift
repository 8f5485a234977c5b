/// Replaces every `call` by a copy of the callee's body, then removes the
/// functions other than `main` that are no longer called.
public struct Inlining: Pass {
    /// `inline`.
    public let name = "inline"

    /// Creates the pass.
    public init() {}

    /// Inlines all calls.
    ///
    /// - Throws: ``IRError/invalidStructure(reason:location:)`` for a
    ///   recursive call or a missing callee.
    public func run(_ module: inout Module) throws {
        var done: [String: Function] = [:]
        for function in module.functions {
            _ = try Inlining.inlined(function.name, module, &done, active: [])
        }
        module.functions = module.functions.compactMap { done[$0.name] }
        let called = Set(module.functions.flatMap { function -> [String] in
            var names: [String] = []
            function.body.forEachInstruction { if $0.op == .call, let callee = $0.attributes.string("callee") { names.append(callee) } }
            return names
        })
        module.functions.removeAll { $0.name != "main" && !called.contains($0.name) }
    }

    /// The function of a name with its calls inlined, memoized in `done`.
    private static func inlined(_ name: String, _ module: Module, _ done: inout [String: Function],
                                active: Set<String>) throws -> Function {
        if let function = done[name] { return function }
        guard !active.contains(name) else {
            throw IRError.invalidStructure(reason: "@\(name) calls itself, which cannot be inlined", location: "@\(name)")
        }
        guard var function = module.function(named: name) else {
            throw IRError.invalidStructure(reason: "call names @\(name), which the module does not define", location: nil)
        }
        var substitutions: [Int: Value] = [:]
        var body = function.body
        try inlineCalls(in: &body, of: &function, module, &done, active.union([name]), &substitutions)
        function.body = body
        done[name] = function
        return function
    }

    private static func inlineCalls(in region: inout Region, of function: inout Function, _ module: Module,
                                    _ done: inout [String: Function], _ active: Set<String>,
                                    _ substitutions: inout [Int: Value]) throws {
        var instructions: [Instruction] = []
        for original in region.instructions {
            var instruction = original.substituting(substitutions)
            for index in instruction.regions.indices {
                try inlineCalls(in: &instruction.regions[index], of: &function, module, &done, active, &substitutions)
            }
            guard instruction.op == .call, let callee = instruction.attributes.string("callee") else {
                instructions.append(instruction)
                continue
            }
            let body = try inlined(callee, module, &done, active: active).body
            var renaming = Dictionary(uniqueKeysWithValues: zip(body.arguments.map(\.id), instruction.operands))
            for copied in body.instructions { instructions.append(copied.renamed(&renaming, in: &function)) }
            for (result, returned) in zip(instruction.results, body.returns) {
                substitutions[result.id] = renaming[returned.id] ?? returned
            }
        }
        region.instructions = instructions
        region.returns = region.returns.map { substitutions[$0.id] ?? $0 }
    }
}

extension Instruction {
    /// A copy with fresh values from `function` for its results and region
    /// arguments, operands renamed through `renaming` (which it extends).
    func renamed(_ renaming: inout [Int: Value], in function: inout Function) -> Instruction {
        var copy = substituting(renaming)
        copy.results = results.map { result in
            let fresh = function.makeValue(result.type)
            renaming[result.id] = fresh
            return fresh
        }
        copy.regions = regions.map { region in
            var renamedRegion = Region(arguments: region.arguments.map { argument in
                let fresh = function.makeValue(argument.type)
                renaming[argument.id] = fresh
                return fresh
            })
            renamedRegion.instructions = region.instructions.map { $0.renamed(&renaming, in: &function) }
            renamedRegion.returns = region.returns.map { renaming[$0.id] ?? $0 }
            return renamedRegion
        }
        return copy
    }
}
