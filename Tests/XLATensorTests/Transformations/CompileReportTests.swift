import Synchronization
import Testing
import XLARuntime
import XLATensor

/// Compile reports: one per `jit` compile, naming why it compiled (the
/// argument and leaf that changed), with its stage times and cache source.
@Suite struct CompileReportTests {
    /// The reports of the compiles `body` makes on this task.
    private func reports(_ body: () throws -> Void) rethrows -> [CompileReport] {
        let reports = Mutex<[CompileReport]>([])
        try CompileReports.observe({ report in reports.withLock { $0.append(report) } }, during: body)
        return reports.withLock { $0 }
    }

    private func causes(_ body: () throws -> Void) rethrows -> [CompileCause] {
        try reports(body).map(\.cause)
    }

    @Test func firstCallIsANewFunctionAndHitsAreNotReported() throws {
        let f = jit { (x: Tensor) in x * 2 }
        let line = #line - 1
        let seen = try reports {
            _ = try f(Tensor([1.0, 2]))
            _ = try f(Tensor([3.0, 4]))
        }
        #expect(seen.count == 1)
        let report = try #require(seen.first)
        #expect(report.cause == .newFunction)
        #expect(report.function == "XLATensorTests/CompileReportTests.swift:\(line)")
        #expect(report.traceTime > .zero && report.loweringTime > .zero && report.compileTime > .zero)
        #expect(report.description.hasPrefix("compile XLATensorTests/CompileReportTests.swift:\(line): new function; trace "))
        #expect(report.description.hasSuffix("(\(report.source.rawValue))"))
    }

    @Test func newShapeNamesTheArgumentAndLeaf() throws {
        let f = jit { (scale: Tensor, xs: [Tensor]) in xs[0] * scale + xs[1] }
        _ = try f(Tensor(Float(2)), [Tensor([1.0, 2]), Tensor([1.0, 1])])
        let seen = try causes { _ = try f(Tensor(Float(2)), [Tensor([1.0, 2]), Tensor([1.0])]) }
        let from = TensorType(.float32, [2])
        #expect(seen == [.newShape(argument: 1, leaf: 1, from: from, to: TensorType(.float32, [1]))])
        #expect(seen.first?.description == "new shape: argument 1, leaf 1: \(from) -> \(TensorType(.float32, [1]))")
    }

    @Test func newDtypeIsNamedEvenWhenTheShapeChangesToo() throws {
        let f = jit { (x: Tensor) in x + x }
        _ = try f(Tensor([1.0, 2]))
        let seen = try causes { _ = try f(Tensor([Int32(1), 2, 3])) }
        #expect(seen == [.newDtype(argument: 0, leaf: 0, from: TensorType(.float32, [2]), to: TensorType(.int32, [3]))])
    }

    @Test func weakTypeChange() throws {
        let f = jit { (x: Tensor, y: Tensor) in x + y }
        _ = try f(Tensor([Int32(1), 2]), Tensor(Int32(1)))
        let weakOne: Tensor = 1
        let seen = try causes { _ = try f(Tensor([Int32(1), 2]), weakOne) }
        #expect(seen == [.newWeakType(argument: 1, leaf: 0, isWeak: true)])
    }

    @Test func staticArgumentChangeShowsBothValues() throws {
        let power = jit { (x: Tensor, n: Static<Int>) in (1..<n.value).reduce(x) { y, _ in y * x } }
        _ = try power(Tensor([2.0]), Static(3))
        let seen = try causes { _ = try power(Tensor([2.0]), Static(2)) }
        #expect(seen == [.newStaticArgument(argument: 1, from: "Int 3", to: "Int 2")])
    }

    @Test func structureChange() throws {
        let total = jit { (xs: [Tensor]) in xs.dropFirst().reduce(xs[0], +) }
        _ = try total([Tensor([1.0])])
        let seen = try causes { _ = try total([Tensor([1.0]), Tensor([2.0])]) }
        guard case let .newStructure(argument, from, to)? = seen.first, seen.count == 1 else {
            Issue.record("expected one structure change, got \(seen)")
            return
        }
        #expect(argument == 0 && from != to)
    }

    @Test func aClearedSignatureIsRecompiled() throws {
        let f = jit { (x: Tensor) in x - 1 }
        _ = try f(Tensor([1.0]))
        f.clearCache()
        #expect(try causes { _ = try f(Tensor([1.0])) } == [.recompiled])
    }

    @Test func theCauseComparesWithTheLatestCompile() throws {
        let f = jit { (x: Tensor) in x * x }
        let seen = try causes {
            _ = try f(Tensor([1.0]))
            _ = try f(Tensor([1.0, 2]))
            _ = try f(Tensor([1.0]))       // held: no compile
            _ = try f(Tensor([1.0, 2, 3]))
        }
        #expect(seen == [
            .newFunction,
            .newShape(argument: 0, leaf: 0, from: TensorType(.float32, [1]), to: TensorType(.float32, [2])),
            .newShape(argument: 0, leaf: 0, from: TensorType(.float32, [2]), to: TensorType(.float32, [3])),
        ])
    }

    @Test func nestedObserversBothSeeReports() throws {
        let f = jit { (x: Tensor) in x + 3 }
        let inner = Mutex(0)
        let outer = try reports {
            try CompileReports.observe({ _ in inner.withLock { $0 += 1 } }) { _ = try f(Tensor([1.0])) }
        }
        #expect(outer.count == 1 && inner.withLock { $0 } == 1)
    }

    /// An eager op's first run with new operand types compiles its program
    /// and reports it; the second run finds it in the eager cache. (A shape
    /// no other test uses, so this task makes the first compile.)
    @Test func eagerOperationsReportTheirFirstCompile() throws {
        let x = Tensor([Float](repeating: 1.5, count: 7 * 11 * 13), shape: [7, 11, 13])
        let seen = try reports {
            _ = try (x * x).scalars(as: Float.self)
            _ = try (x * x).scalars(as: Float.self)
        }
        let type = TensorType(.float32, [7, 11, 13])
        #expect(seen.count == 1, "\(seen)")
        let report = try #require(seen.first)
        guard case let .eagerOperation(op, operandTypes) = report.cause else {
            Issue.record("an eager op's cause: \(report.cause)")
            return
        }
        #expect(operandTypes == [type, type])
        #expect(report.cause.description == "eager operation \(op)(\(type), \(type))")
        #expect(report.traceTime == .zero && report.compileTime > .zero)
    }

    /// A sharded `jit` reports its first compile and each new list of
    /// global argument types, naming the argument that changed.
    @Test func shardedJITReportsEachNewSignature() throws {
        let mesh = try Mesh(cpuAxes: [("data", 2)])
        let rows = try NamedSharding(mesh, PartitionSpec(dimensions: ["data", nil]))
        let f = jit(inShardings: [rows], outShardings: [rows]) { xs in [xs[0] * 3] }
        let function = "XLATensorTests/CompileReportTests.swift:\(#line - 1)"
        let seen = try reports {
            for rows in [4, 4, 6] {
                _ = try f([Tensor([Float](repeating: 1, count: rows * 3), shape: [rows, 3])])
            }
        }.filter { $0.function == function }
        #expect(seen.map(\.cause) == [
            .newFunction,
            .newShape(argument: 0, leaf: 0, from: TensorType(.float32, [4, 3]), to: TensorType(.float32, [6, 3])),
        ])
        #expect(seen.allSatisfy { $0.traceTime > .zero && $0.loweringTime > .zero })
    }
}
