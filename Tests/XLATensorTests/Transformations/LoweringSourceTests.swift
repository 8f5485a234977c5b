import Synchronization
import Testing
import XLAIR
import XLARuntime
@testable import XLATensor

/// `jit` reuses the lowering of a traced program it has lowered before,
/// keyed by ``XLAIR/Program/loweringSource``: everything the passes and the
/// emission read, so that any change of shape, dtype, static argument,
/// constant or name scope lowers anew.
@Suite struct LoweringSourceTests {
    /// Whether each `jit` compile `body` makes reused its lowering.
    private func reuses(_ body: () throws -> Void) rethrows -> [Bool] {
        let reports = Mutex<[CompileReport]>([])
        try CompileReports.observe({ report in reports.withLock { $0.append(report) } }, during: body)
        return reports.withLock { $0.map(\.reusedLowering) }
    }

    /// A new `jit` function made at this one place each time: functions of
    /// the same `scope` and `power` trace the same program for the same input.
    private func powered(_ scope: String, _ power: Int) -> JITFunction<Tensor, Tensor> {
        jit { (x: Tensor) in namedScope(scope) { (1..<power).reduce(x) { y, _ in y * x } } }
    }

    /// An input of a shape no earlier test run used, so that the first trace
    /// of each program is a miss even with a warm disk cache.
    private func freshInput() -> Tensor {
        let shape = [Int.random(in: 1_000...9_999), Int.random(in: 100...999)]
        return Tensor([Float](repeating: 2, count: shape[0] * shape[1]), shape: shape)
    }

    @Test func anotherFunctionTracingTheSameProgramReusesItsLowering() throws {
        let x = freshInput()
        var results: [Tensor] = []
        let seen = try reuses {
            results.append(try powered("a", 3)(x))
            results.append(try powered("a", 3)(x))
        }
        #expect(seen == [false, true])
        for result in results { #expect(try result.scalars(as: Float.self).allSatisfy { $0 == 8 }) }
    }

    @Test func anyChangeOfTheTracedProgramLowersAnew() throws {
        let x = freshInput()
        let (transposed, integers) = (x.reshaped([x.shape[1], x.shape[0]]), x.converted(to: .int32))
        let seen = try reuses {
            _ = try powered("a", 3)(x)
            #expect(try powered("a", 2)(x).scalars(as: Float.self).allSatisfy { $0 == 4 }, "another trace")
            _ = try powered("b", 3)(x)              // only the name scope differs
            _ = try powered("a", 3)(transposed)     // another shape
            #expect(try powered("a", 3)(integers).scalars(as: Int32.self).allSatisfy { $0 == 8 }, "another dtype")
        }
        #expect(seen == [false, false, false, false, false])
    }

    @Test func aStaticArgumentThatChangesTheProgramIsAMiss() throws {
        let power = jit { (x: Tensor, n: Static<Int>) in (1..<n.value).reduce(x) { y, _ in y * x } }
        let x = freshInput()
        let seen = try reuses {
            _ = try power(x, Static(3))
            _ = try power(x, Static(4))
        }
        #expect(seen == [false, false])
    }

    private func program(constant: Float = 1, scope: String? = "m", location: String? = "a.swift:1") throws -> Program {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [2]))
        let one = builder.constant(Literal([constant, constant], shape: [2]))
        let sum = try builder.append(.add, [x, one], location: location, nameScope: scope)
        return Program(functions: [builder.finish(returning: sum)])
    }

    @Test func theSourceHoldsConstantsLocationsAndNameScopes() throws {
        let base = try program().loweringSource
        #expect(try program().loweringSource == base)
        #expect(try program(constant: 2).loweringSource != base)
        #expect(try program(location: "a.swift:2").loweringSource != base)
        #expect(try program(scope: "n").loweringSource != base)
        #expect(try program(scope: nil).loweringSource != base)
    }

    /// The source is the IR text plus the name scopes: a stored property
    /// added to the IR's types must be added to it (or to the IR text) too.
    @Test func theSourceCoversEveryStoredPropertyOfTheIR() throws {
        let program = try program()
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        #expect(labels(program) == ["name", "functions"])
        // `nextValueID` only numbers new values: the IR text renumbers them.
        #expect(labels(program.functions[0]) == ["name", "body", "donatedParameters", "nextValueID"])
        #expect(labels(program.functions[0].body) == ["arguments", "instructions", "returns"])
        #expect(labels(program.functions[0].body.instructions.last!)
                == ["op", "operands", "attributes", "results", "regions", "isEffectful", "location", "nameScope"])
    }
}
