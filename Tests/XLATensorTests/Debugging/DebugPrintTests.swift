import Testing
import XLATensor

/// `debugPrint` prints at run time from inside transformations, in program
/// order, as `jax.debug.print` does. The expected lines are what
/// `Scripts/fixtures/debug_print.py` prints with JAX 0.11.2 (where JAX's
/// unordered default reorders a line, the test expects program order).
@Suite struct DebugPrintTests {
    /// The lines `body` prints.
    private func printedLines(_ body: () throws -> Void) rethrows -> [String] {
        try DebugPrintOutput.capture(body)
    }

    private func printingStep(_ x: Tensor) -> Tensor {
        debugPrint("x={}", x)
        let y = x * 2 + 0.5
        debugPrint("y={y} sum={s}", named: ["y": y, "s": y.sum()])
        debugPrint("done")
        return y.sum()
    }

    @Test func printsInsideJitInProgramOrder() throws {
        let f = jit(printingStep)
        let lines = try printedLines { _ = try f(Tensor.arange(3, dtype: .float32)).scalars(as: Float.self) }
        // JAX (unordered by default) printed "done" first; ours are always ordered.
        #expect(lines == ["x=[0. 1. 2.]", "y=[0.5 2.5 4.5] sum=7.5", "done"])
    }

    @Test func manyIndependentPrintsKeepTheirOrder() throws {
        let f = jit { (x: Tensor) -> Tensor in
            for index in 0..<12 { debugPrint("p\(index) {}", x * Float(index)) }
            return x
        }
        let lines = try printedLines { _ = try f(Tensor(Float(1))).scalars(as: Float.self) }
        #expect(lines == (0..<12).map { "p\($0) \(Float($0))" })
    }

    @Test func gradPrintsPrimalValuesOnceAndNothingBackward() throws {
        let g = grad(printingStep)
        var gradient: [Float] = []
        let lines = try printedLines { gradient = try g(Tensor.arange(3, dtype: .float32)).scalars(as: Float.self) }
        #expect(gradient == [2, 2, 2])
        #expect(lines == ["x=[0. 1. 2.]", "y=[0.5 2.5 4.5] sum=7.5", "done"])
    }

    @Test func vmapPrintsEachExampleAndUnbatchedPrintsOnce() throws {
        let f = vmap(printingStep)
        let lines = try printedLines { _ = try f(Tensor.arange(6, dtype: .float32).reshaped([2, 3])).scalars(as: Float.self) }
        #expect(lines == ["x=[0. 1. 2.]", "x=[3. 4. 5.]", "y=[0.5 2.5 4.5] sum=7.5", "y=[ 6.5  8.5 10.5] sum=25.5", "done"])
    }

    @Test func nestedVmapVariesTheInnerIndexSlowest() throws {
        let c = Tensor(Float(9))
        let f = vmap(vmap { (v: Tensor) -> Tensor in
            debugPrint("x={} c={}", v, c)
            return v
        })
        let lines = try printedLines { _ = try f(Tensor.arange(4, dtype: .float32).reshaped([2, 2])).scalars(as: Float.self) }
        #expect(lines == ["x=0.0 c=9.0", "x=2.0 c=9.0", "x=1.0 c=9.0", "x=3.0 c=9.0"])
    }

    private func printingScan(_ xs: Tensor) -> Tensor {
        debugPrint("before")
        let (carry, _) = scan(Tensor(Float(0)), xs) { (carry: Tensor, x: Tensor) -> (Tensor, Tensor) in
            debugPrint("c={} xi={}", carry, x)
            return (carry + x, carry)
        }
        debugPrint("after {}", carry)
        return carry
    }

    @Test func scanPrintsEveryStepBetweenThePrintsAroundIt() throws {
        let expected = ["before", "c=0.0 xi=0.0", "c=0.0 xi=1.0", "c=1.0 xi=2.0", "after 3.0"]
        let f = jit(printingScan)
        let forward = try printedLines { _ = try f(Tensor.arange(3, dtype: .float32)).scalars(as: Float.self) }
        #expect(forward == expected)
        let g = grad(printingScan)
        let differentiated = try printedLines { _ = try g(Tensor.arange(3, dtype: .float32)).scalars(as: Float.self) }
        #expect(differentiated == expected)
    }

    @Test func vmapOfScanPrintsEveryExampleAtEveryStep() throws {
        let f = vmap { (xs: Tensor) -> Tensor in
            scan(Tensor(Float(0)), xs) { (carry: Tensor, x: Tensor) -> (Tensor, Tensor) in
                debugPrint("c={} x={}", carry, x)
                return (carry + x, carry)
            }.carry
        }
        let lines = try printedLines { _ = try f(Tensor.arange(4, dtype: .float32).reshaped([2, 2])).scalars(as: Float.self) }
        #expect(lines == ["c=0.0 x=0.0", "c=0.0 x=2.0", "c=0.0 x=1.0", "c=2.0 x=3.0"])
    }

    @Test func theLoopCarriesTheOrderValueFromThePrintBeforeToThePrintAfter() throws {
        let lines = try jit(printingScan).lower(Tensor.arange(3, dtype: .float32)).stableHLO().split(separator: "\n")
        func results(_ line: Substring) -> [Substring] {
            line.split(separator: " = ", maxSplits: 1)[0].split(separator: ", ").map { $0.drop(while: { $0 == " " }) }
        }
        let before = try #require(lines.first { $0.contains("format = \"before\"") })
        let loop = try #require(lines.first { $0.contains("\"stablehlo.while\"") })
        let after = try #require(lines.first { $0.contains("format = \"after {0}\"") })
        #expect(loop.contains(", \(results(before)[0]))"))
        #expect(after.contains(", \(try #require(results(loop).last)))"))
    }

    @Test func whileLoopAndCondPrintWhatRuns() throws {
        let loop = jit { (start: Tensor) -> Tensor in
            whileLoop(start, condition: { $0 .< 3 }) { i in
                debugPrint("i={}", i)
                return i + 1
            }
        }
        #expect(try printedLines { _ = try loop(Tensor(Int32(0))).scalars(as: Int32.self) } == ["i=0", "i=1", "i=2"])
        let branch = jit { (p: Tensor) -> Tensor in
            cond(p, { debugPrint("yes {}", p); return Tensor(Int32(1)) }, { debugPrint("no {}", p); return Tensor(Int32(0)) })
        }
        #expect(try printedLines { _ = try branch(Tensor(true)).scalars(as: Int32.self) } == ["yes True"])
    }

    @Test func differentiatedBranchesPrintOnceAndRematerializedCodeTwice() throws {
        let branching = grad { (x: Tensor) -> Tensor in
            cond(x .> 0, { debugPrint("pos {}", x); return x * x }, { debugPrint("neg {}", x); return -x })
        }
        var gradient: [Float] = []
        let lines = try printedLines { gradient = try branching(Tensor(Float(3))).scalars(as: Float.self) }
        #expect(gradient == [6])
        #expect(lines == ["pos 3.0"])
        // JAX prints again when jax.checkpoint recomputes the forward pass.
        let rematerialized = grad(remat { (x: Tensor) -> Tensor in
            debugPrint("inside {}", x)
            return x * x
        })
        let recomputed = try printedLines { _ = try rematerialized(Tensor(Float(1))).scalars(as: Float.self) }
        #expect(recomputed == ["inside 1.0", "inside 1.0"])
    }

    @Test func valuesPrintAsJAXPrintsThem() throws {
        let f = jit { (x: Tensor) -> Tensor in
            debugPrint("{} {} {} {} {} {}", Tensor(Float(1.5)), Tensor(Int32(7)), Tensor([true, false]), Tensor.ones([2, 2]),
                       Tensor([Float(0.1), 1e-5, 1e6]), Tensor(Float(1e-5)))
            debugPrint("{} {} {} {}", Tensor(Float(0.1)).converted(to: .bfloat16), Tensor(Float(0.1)).converted(to: .float16),
                       Tensor([Float(0.1), 2]).converted(to: .bfloat16), Tensor(UInt8(200)))
            debugPrint("{{raw}} {}", x)
            return x
        }
        let lines = try printedLines { _ = try f(Tensor(Float(2.5))).scalars(as: Float.self) }
        #expect(lines == ["1.5 7 [ True False] [[1. 1.]\n [1. 1.]] [1.e-01 1.e-05 1.e+06] 9.999999747378752e-06",
                          "0.10009765625 0.0999755859375 [0.100098 2] 200", "{{raw}} {} 2.5"])
    }

    @Test func eagerlyItPrintsAtOnce() {
        #expect(printedLines { debugPrint("eager {}", Tensor.arange(4)) } == ["eager [0 1 2 3]"])
    }

    @Test func badFormatsAreErrorsNamingDebugPrint() throws {
        for (format, reason) in [("{} {}", "field 1 has no value"), ("{:.2f}", "format specifications"),
                                 ("{missing}", "no value is named 'missing'"), ("hello", "not shown by the format")] {
            let f = jit { (x: Tensor) -> Tensor in
                debugPrint(format, x)
                return x
            }
            #expect {
                _ = try f(Tensor(Float(1))).scalars(as: Float.self)
            } throws: { error in
                "\(error)".contains("debugPrint") && "\(error)".contains(reason)
            }
        }
        #expect(printedLines { debugPrint("{a}", named: ["b": Tensor(1)]) }.first?.hasPrefix("debugPrint failed:") == true)
    }

    @Test func theCompiledProgramCallsTheHostThroughAnOrderedCustomCall() throws {
        let text = try jit { (x: Tensor) -> Tensor in
            debugPrint("a {}", x)
            debugPrint("b {}", x)
            return x
        }.lower(Tensor(Float(1))).stableHLO()
        #expect(text.contains("call_target_name = \"hk_host_callback\""))
        #expect(text.contains("has_side_effect = true"))
        #expect(text.contains("api_version = 4 : i32"))
        // The second print takes the first one's order value as its last operand.
        let calls = text.split(separator: "\n").filter { $0.contains("stablehlo.custom_call") }
        #expect(calls.count == 2)
        let firstResult = calls[0].split(separator: " ")[0]
        #expect(calls[1].contains(", \(firstResult))"))
    }
}

extension DebugPrintTests {
    /// Calls are asynchronous; the CPU client runs a device's executions in
    /// the order they were made, so a cheap call's print never overtakes an
    /// earlier expensive one's (measured: 3 of 3 runs, both plugins).
    @Test func consecutiveCallsPrintInCallOrder() throws {
        let f = jit { (x: Tensor) -> Tensor in
            let heavy = matmul(matmul(Tensor.ones([400, 400]) * x, Tensor.ones([400, 400])), Tensor.ones([400, 400])).sum()
            debugPrint("call {}", x + heavy * 0)   // printed after the products
            return heavy
        }
        let g = jit { (x: Tensor) -> Tensor in
            debugPrint("other {}", x)
            return x
        }
        let lines = try printedLines {
            var results: [Tensor] = []
            for i in 0..<6 { results.append(try f(Tensor(Float(i)))); results.append(try g(Tensor(Float(i)))) }
            for result in results { _ = try result.scalars(as: Float.self) }
        }
        let expected = (0..<6).flatMap { ["call \(Float($0))", "other \(Float($0))"] }
        #expect(lines == expected)
    }
}
