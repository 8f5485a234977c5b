/// Prints programs and functions as readable IR text, which ``IRParser``
/// reads back exactly.
///
/// ```
/// module @main
///
/// func @main(%0: tensor<3xf32>, %1: tensor<3xf32> {donated}) -> (tensor<3xf32>) {
///   %2 = exp(%0) : tensor<3xf32>
///   %3 = add(%0, %2) : tensor<3xf32>
///   return %3
/// }
/// ```
///
/// Values are numbered in order of definition; instructions print as
/// `results = op(operands) {attributes} : result types`, then `effectful`
/// where the flag was set by hand, `loc("file:line")` where known, and
/// each region as `region(arguments) { ... return values }`.
struct IRPrinter {
    private var text = ""
    private var names: [Int: String] = [:]

    /// The text of a program.
    static func print(_ program: Program) -> String {
        var printer = IRPrinter()
        printer.text = "module @\(program.name)\n"
        for function in program.functions {
            printer.names = [:]
            printer.text += "\n"
            printer.function(function)
        }
        return printer.text
    }

    private mutating func function(_ function: Function) {
        text += "func @\(function.name)("
        text += function.body.arguments.enumerated().map { index, value in
            define(value) + ": \(value.type)" + (function.donatedParameters.contains(index) ? " {donated}" : "")
        }.joined(separator: ", ")
        text += ") -> (" + function.type.results.map(\.description).joined(separator: ", ") + ") {\n"
        body(function.body, indentation: "  ")
        text += "}\n"
    }

    private mutating func body(_ region: Region, indentation: String) {
        for instruction in region.instructions { self.instruction(instruction, indentation: indentation) }
        text += indentation + "return"
        if !region.returns.isEmpty { text += " " + region.returns.map(use).joined(separator: ", ") }
        text += "\n"
    }

    private mutating func instruction(_ instruction: Instruction, indentation: String) {
        text += indentation
        if !instruction.results.isEmpty {
            text += instruction.results.map { define($0) }.joined(separator: ", ") + " = "
        }
        text += instruction.op.name
        if !instruction.operands.isEmpty {
            text += "(" + instruction.operands.map(use).joined(separator: ", ") + ")"
        }
        if !instruction.attributes.isEmpty {
            text += " {" + instruction.attributes.map { "\($0.name) = \(IRPrinter.attribute($0.value))" }
                .joined(separator: ", ") + "}"
        }
        text += " : " + (instruction.results.isEmpty ? "()" : instruction.resultTypes.map(\.description).joined(separator: ", "))
        let derived = Instruction(op: instruction.op, operands: [], results: [], regions: instruction.regions).isEffectful
        if instruction.isEffectful != derived { text += instruction.isEffectful ? " effectful" : " pure" }
        if let location = instruction.location { text += " loc(\(IRPrinter.quoted(location)))" }
        text += "\n"
        for region in instruction.regions {
            text += indentation + "  region(" + region.arguments.map { define($0) + ": \($0.type)" }.joined(separator: ", ") + ") {\n"
            body(region, indentation: indentation + "    ")
            text += indentation + "  }\n"
        }
    }

    private mutating func define(_ value: Value) -> String {
        let name = "%\(names.count)"
        names[value.id] = name
        return name
    }

    private func use(_ value: Value) -> String {
        names[value.id] ?? "%undefined\(value.id)"
    }

    static func attribute(_ value: Attribute) -> String {
        switch value {
        case let .int(number): number.description
        case let .ints(numbers): "[" + numbers.map(String.init).joined(separator: ", ") + "]"
        case let .bool(flag): flag.description
        case let .string(string): quoted(string)
        case let .elementType(type): type.rawValue
        case let .literal(literal): literal.irText
        }
    }

    static func quoted(_ string: String) -> String {
        var text = "\""
        for character in string {
            if character == "\"" || character == "\\" { text += "\\" }
            text.append(character)
        }
        return text + "\""
    }
}

extension Program {
    /// The program as IR text (see ``IRParser`` for the grammar).
    public var irText: String { IRPrinter.print(self) }
}

extension Program: CustomStringConvertible {
    /// The program as IR text.
    public var description: String { irText }
}
