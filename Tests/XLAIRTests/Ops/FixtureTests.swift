import Foundation
import NumericsSupport
import Testing
import XLAIR

/// One case of `Fixtures/ir_ops.json`, written by `Scripts/fixtures/ir_ops.py`.
struct OpCase: Decodable, CustomTestStringConvertible, Sendable {
    struct Tensor: Decodable, Sendable {
        let type: String
        let hex: String

        var literal: Literal {
            let bytes = stride(from: 0, to: hex.count, by: 2).map { offset -> UInt8 in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
            }
            return Literal(type: TensorType(parsing: Substring(type))!, bytes: bytes)
        }
    }

    let name: String
    let program: String
    let inputs: [Tensor]
    let outputs: [Tensor]
    let literal: Tensor?
    let rtol: Double?
    let atol: Double?

    var testDescription: String { name }

    /// The program, with a constant case's literal printed as IR text.
    var programText: String {
        guard let literal else { return program }
        return program.replacingOccurrences(of: "LITERAL", with: literal.literal.irText)
    }

    static let all: [OpCase] = {
        struct File: Decodable { let cases: [OpCase] }
        let url = FixtureFiles.url("ir_ops.json")
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()
}

/// Every core op, parsed from text, verified, lowered to StableHLO, compiled
/// and run on both CPU plugins, agrees with NumPy.
@Suite struct FixtureTests {
    @Test(arguments: OpCase.all)
    func matchesNumPy(_ opCase: OpCase) throws {
        let program = try Program(parsing: opCase.programText)
        try program.verify()
        #expect(try Program(parsing: program.irText).irText == program.irText)
        for plugin in cpuPlugins {
            try check(opCase, program, plugin)
        }
    }

    /// Where a case's inputs are made constants, constant folding either
    /// leaves an instruction alone or gives exactly what XLA computes; float
    /// math is never folded.
    @Test(arguments: OpCase.all)
    func foldingAgreesWithXLA(_ opCase: OpCase) throws {
        var program = try Program(parsing: opCase.programText)
        var body = program.functions[0].body
        let constants = zip(body.arguments, opCase.inputs).map { value, input in
            Instruction(op: .constant, operands: [], attributes: ["value": .literal(input.literal)], results: [value])
        }
        body.instructions = constants + body.instructions
        body.arguments = []
        program.functions[0] = Function(name: "main", body: body)
        try PassManager([ConstantFolding(), DeadCodeElimination()], verifiesAfterEachPass: true).run(&program)
        let folded = Dictionary(program.functions[0].body.instructions.compactMap { instruction in
            Constant.literal(of: instruction).map { (instruction.results[0].id, $0) }
        }, uniquingKeysWith: { first, _ in first })
        let returns = program.functions[0].body.returns
        for (value, expected) in zip(returns, opCase.outputs) {
            guard let literal = folded[value.id] else { continue }
            #expect(opCase.rtol == nil, "float math was folded")
            if let mismatch = FixtureTests.firstMismatch(literal, expected.literal, rtol: nil, atol: nil) {
                Issue.record("folded: \(mismatch)")
            }
        }
    }

    /// Cases where a NaN meets max/min as its second operand.
    private func check(_ opCase: OpCase, _ program: Program, _ plugin: String) throws {
        let outputs = try run(program, opCase.inputs.map(\.literal), plugin: plugin)
        #expect(outputs.count == opCase.outputs.count)
        for (output, expected) in zip(outputs, opCase.outputs.map(\.literal)) {
            #expect(output.type == expected.type)
            if let mismatch = FixtureTests.firstMismatch(output, expected, rtol: opCase.rtol, atol: opCase.atol) {
                Issue.record("\(plugin): \(mismatch)")
            }
        }
    }

    /// A description of the first element that differs, or nil: floats
    /// within the tolerance (exact without one, NaN matching any NaN),
    /// other types bit for bit.
    static func firstMismatch(_ output: Literal, _ expected: Literal, rtol: Double?, atol: Double?) -> String? {
        guard output.type == expected.type else { return "type \(output.type) instead of \(expected.type)" }
        for index in 0..<expected.elementCount {
            let (got, want) = (output.scalar(at: index), expected.scalar(at: index))
            if case let .float(a) = got, case let .float(b) = want {
                if a.isNaN && b.isNaN { continue }
                if let rtol, a.isFinite, b.isFinite, abs(a - b) <= (atol ?? 0) + rtol * abs(b) { continue }
                if a.bitPattern == b.bitPattern || (rtol != nil && a == b) { continue }
            } else if got == want {
                continue
            }
            return "element \(index) is \(got), expected \(want)"
        }
        return nil
    }
}
