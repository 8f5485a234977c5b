/// Accumulates StableHLO text for one function; op definitions write their
/// instructions through it.
///
/// Every op is written in MLIR's generic form,
/// `%r = "stablehlo.add"(%a, %b) : (tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>)`,
/// which every StableHLO version parses the same way.
public struct StableHLOWriter {
    /// The text written so far.
    public private(set) var text = ""
    private var indentation = "    "
    private var temporaryCount = 0
    /// The location written after each op: `loc("scope/op")` of the
    /// instruction being emitted, when it has a name scope.
    private var opLocation: String?
    /// The platform whose lowering choices the ops make.
    public let target: LoweringTarget

    /// Creates an empty writer lowering for `target`.
    public init(target: LoweringTarget = .xlaCPU) { self.target = target }

    /// The StableHLO name of an IR value.
    public func name(_ value: Value) -> String { "%v\(value.id)" }

    /// A fresh name for an intermediate value of a multi-op lowering.
    public mutating func temporary() -> String {
        defer { temporaryCount += 1 }
        return "%t\(temporaryCount)"
    }

    /// Writes one line at the current indentation.
    public mutating func line(_ content: String) {
        text += indentation
        text += content
        text += "\n"
    }

    /// Writes one op in generic form.
    ///
    /// - Parameters:
    ///   - name: the op's full name, `stablehlo.add`.
    ///   - results: names for the results (from ``name(_:)`` or ``temporary()``).
    ///   - operands: names and types of the operands.
    ///   - resultTypes: the result types.
    ///   - properties: `name = value` entries for `<{...}>`.
    public mutating func operation(_ name: String, results: [String], operands: [(name: String, type: TensorType)],
                                   resultTypes: [TensorType], properties: [String] = []) {
        head(name, results: results, operands: operands, properties: properties)
        tail(operands: operands, resultTypes: resultTypes)
    }

    /// Writes one op with regions in generic form; `regions` write each
    /// region's body (with the writer indented one level) and must end with
    /// a return.
    ///
    /// - Throws: what a region writer throws.
    public mutating func operation(_ name: String, results: [String], operands: [(name: String, type: TensorType)],
                                   resultTypes: [TensorType], properties: [String] = [],
                                   regions: [(inout StableHLOWriter) throws -> Void]) throws {
        head(name, results: results, operands: operands, properties: properties)
        text += " ("
        let outer = indentation
        defer { indentation = outer }
        for (index, region) in regions.enumerated() {
            text += index == 0 ? "{\n" : ", {\n"
            indentation = outer + "    "
            try region(&self)
            indentation = outer
            text += outer
            text += "}"
        }
        text += ")"
        tail(operands: operands, resultTypes: resultTypes)
    }

    private mutating func head(_ name: String, results: [String], operands: [(name: String, type: TensorType)],
                               properties: [String]) {
        text += indentation
        if !results.isEmpty {
            text += results.joined(separator: ", ")
            text += " = "
        }
        text += "\"\(name)\"("
        text += operands.map(\.name).joined(separator: ", ")
        text += ")"
        if !properties.isEmpty {
            text += " <{"
            text += properties.joined(separator: ", ")
            text += "}>"
        }
    }

    private mutating func tail(operands: [(name: String, type: TensorType)], resultTypes: [TensorType]) {
        text += " : ("
        text += operands.map(\.type.description).joined(separator: ", ")
        text += ") -> ("
        text += resultTypes.map(\.description).joined(separator: ", ")
        text += ")"
        if let opLocation { text += " " + opLocation }
        text += "\n"
    }

    /// Writes an instruction as one generic op over its own operands and results.
    public mutating func operation(_ name: String, _ instruction: Instruction, properties: [String] = []) {
        operation(name, results: instruction.results.map(self.name), operands: operands(instruction),
                  resultTypes: instruction.resultTypes, properties: properties)
    }

    /// The names and types of an instruction's operands.
    public func operands(_ instruction: Instruction) -> [(name: String, type: TensorType)] {
        instruction.operands.map { (name($0), $0.type) }
    }

    /// Writes a block header `^bb0(%a: tensor<f32>, ...):` for region arguments.
    public mutating func blockArguments(_ arguments: [(name: String, type: TensorType)]) {
        guard !arguments.isEmpty else { return }
        let list = arguments.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
        text += indentation.dropLast(4)
        text += "^bb0(\(list)):\n"
    }

    /// Writes `"stablehlo.return"(values)`.
    public mutating func returnValues(_ values: [(name: String, type: TensorType)]) {
        operation("stablehlo.return", results: [], operands: values, resultTypes: [])
    }

    /// Writes an IR region's arguments, instructions and return.
    public mutating func region(_ region: Region) throws {
        blockArguments(region.arguments.map { (name($0), $0.type) })
        try instructions(region.instructions)
        returnValues(region.returns.map { (name($0), $0.type) })
    }

    /// Writes instructions through their ops' lowerings; every op an
    /// instruction with a name scope lowers to gets the location
    /// `loc("scope/op")` (`loc("mlp/~/linear_0/dot_general")`), which XLA
    /// keeps as the HLO instruction's `op_name` metadata.
    public mutating func instructions(_ instructions: [Instruction]) throws {
        for instruction in instructions {
            let outer = opLocation
            defer { opLocation = outer }
            opLocation = instruction.nameScope.map { Self.nameLocation("\($0)/\(instruction.op.name)") }
            try instruction.op.definition.emit(instruction, into: &self)
        }
    }

    /// MLIR's name location `loc("name")`, the name escaped as an MLIR string.
    static func nameLocation(_ name: String) -> String {
        var escaped = ""
        for character in name.unicodeScalars {
            switch character {
            case "\"", "\\": escaped += "\\" + String(character)
            case " "..."~": escaped.unicodeScalars.append(character)
            default:
                for byte in String(character).utf8 {
                    let hex = String(byte, radix: 16, uppercase: true)
                    escaped += "\\" + (hex.count == 1 ? "0" + hex : hex)
                }
            }
        }
        return "loc(\"\(escaped)\")"
    }

    /// Writes a constant and returns its name.
    public mutating func constant(_ literal: Literal) -> String {
        let result = temporary()
        operation("stablehlo.constant", results: [result], operands: [], resultTypes: [literal.type],
                  properties: ["value = \(literal.stableHLOText)"])
        return result
    }

    /// Writes a `reshape` of a named value and returns the new name.
    public mutating func reshape(_ operand: (name: String, type: TensorType), to type: TensorType) -> String {
        let result = temporary()
        operation("stablehlo.reshape", results: [result], operands: [operand], resultTypes: [type])
        return result
    }

    /// `array<i64: 1, 2>`, StableHLO's dense integer-array attribute.
    public static func i64Array(_ values: [Int]) -> String {
        values.isEmpty ? "array<i64>" : "array<i64: " + values.map(String.init).joined(separator: ", ") + ">"
    }
}
