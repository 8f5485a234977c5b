import Testing
import XLAIR
import XLARuntime

/// An instruction's name scope becomes the StableHLO location of every op
/// it lowers to, `loc("scope/op")`, which both CPU plugins parse and keep.
@Suite struct NameLocationTests {
    /// `exp(x) + x` with the exponential in `scope` and the addition in none.
    static func program(scope: String) throws -> Program {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [2]))
        let y = try builder.append(.exp, [x], nameScope: scope)[0]
        let z = try builder.apply(.add, x, y)
        return Program(functions: [builder.finish(returning: [z])])
    }

    @Test func scopedInstructionsCarryTheirLocation() throws {
        let text = try Self.program(scope: "mlp/~/linear_0").stableHLO()
        #expect(text.contains(#"-> (tensor<2xf32>) loc("mlp/~/linear_0/exp")"#), "\(text)")
        // The addition has no scope: no location.
        let add = try #require(text.split(separator: "\n").first { $0.contains("stablehlo.add") })
        #expect(!add.contains("loc("), "\(add)")
    }

    @Test func quotesAndOtherCharactersAreEscaped() throws {
        let text = try Self.program(scope: "a\"b\\c é").stableHLO()
        #expect(text.contains(#"loc("a\"b\\c \C3\A9/exp")"#), "\(text)")
    }

    @Test(arguments: cpuPlugins)
    func pluginsCompileProgramsWithLocations(plugin: String) throws {
        let output = try run(Self.program(scope: "weird \"scope\"/~/x"), [Literal([Float(0), 1], shape: [2])], plugin: plugin)[0]
        // exp(0) + 0: the program ran as written.
        #expect(output.bitPatterns.first.map { Float(bitPattern: UInt32($0)) } == 1)
    }
}
