import Foundation
import NumericsSupport
import Testing
import XLATensor

/// Convolutions lowered for a platform other than XLA CPU
/// (``LoweringTarget/standard``, what a `cuda` client gets): every
/// convolution, forward and gradient, is one `stablehlo.convolution`, the
/// input gradient reverses the kernel as JAX's does, and the programs, run
/// here on the CPU plugin, give JAX's values (`Fixtures/convolution.json`)
/// within the tolerance ``ConvolutionFixtureTests`` holds XLA's own
/// convolution to.
@Suite struct ConvolutionStandardLoweringTests {
    @Test func cudaClientsGetTheStandardForms() {
        #expect(LoweringTarget(platform: "cuda") == .standard)
        #expect(LoweringTarget(platform: "rocm") == .standard)
        #expect(LoweringTarget(platform: "cpu") == .xlaCPU)
        #expect(LoweringTarget.resolved == .xlaCPU, "nothing chose a target")
    }

    /// The convolution's value and both cotangents, for `[x, w, g]`.
    static func valueAndPullback(_ test: ConvolutionCase) -> ([Tensor]) -> [Tensor] {
        { (p: [Tensor]) -> [Tensor] in
            let (output, pullback) = vjp({ (q: [Tensor]) in test.apply(q[0], q[1]) }, [p[0], p[1]])
            return [output] + pullback(p[2])
        }
    }

    static func inputs(_ test: ConvolutionCase) -> [Tensor] {
        [test.lhs.tensor, test.rhs.tensor, test.cotangent.tensor]
    }

    @Test(arguments: ConvolutionCase.all.filter(\.tap))
    func tapCasesArePlainConvolutions(_ test: ConvolutionCase) throws {
        let program = jit(Self.valueAndPullback(test))
        let cpu = try program.lower(Self.inputs(test)).stableHLO()
        #expect(cpu.contains("stablehlo.dot_general"), "\(test.name): the CPU program takes the tap form")
        let standard = try LoweringTarget.$current.withValue(.standard) { try program.lower(Self.inputs(test)) }
        #expect(standard.target == .standard)
        let text = try standard.stableHLO()
        #expect(!text.contains("stablehlo.dot_general"), "\(test.name): \(text)")
        // At least the value and both cotangents.
        #expect(text.components(separatedBy: "\"stablehlo.convolution\"").count - 1 >= 3, "\(test.name): \(text)")
    }

    /// JAX's input gradient reverses the kernel; XLA CPU's tap form
    /// reverses the (smaller) cotangent and the result instead.
    @Test(arguments: ConvolutionCase.all.filter { $0.tap && $0.dimensionNumbers?[1] == "HWIO" })
    func inputGradientsReverseTheKernel(_ test: ConvolutionCase) throws {
        let (x, w) = (test.lhs.tensor, test.rhs.tensor)
        let text = try LoweringTarget.$current.withValue(.standard) {
            try jit { (x: Tensor, w: Tensor) in
                grad { (x: Tensor) in (test.apply(x, w) * test.cotangent.tensor).sum() }(x)
            }.lower(x, w).stableHLO()
        }
        let kernel = "(tensor<\(w.shape.map(String.init).joined(separator: "x"))xf32>)"
        let reversals = text.split(separator: "\n").filter { $0.contains("stablehlo.reverse") }
        #expect(!reversals.isEmpty && reversals.allSatisfy { $0.contains(kernel) }, "\(test.name): \(reversals)")
    }

    @Test(arguments: ConvolutionCase.all)
    func valuesAndPullbacksMatchJAX(_ test: ConvolutionCase) throws {
        let both = Self.valueAndPullback(test)
        let inputs = Self.inputs(test)
        // XLA's own convolutions, as in JAX's program (but for the case
        // ConvolutionFixtureTests knows to reach XLA as another one).
        let bound = try MultilinearBound(both, inputs,
                                         orderMatchesJAX: !ConvolutionFixtureTests.reordered.contains(test.name))
        let rhsTolerance = ContractionTolerance(length: bound.tolerance.length, orderMatchesReference: false)
        let values = try LoweringTarget.$current.withValue(.standard) { try jit(both)(inputs) }
        try ConvolutionFixtureTests.expectClose(values[0], test.out, magnitudes: bound.magnitudes[0],
                                                tolerance: bound.tolerance, "\(test.name) value")
        try ConvolutionFixtureTests.expectClose(values[1], test.dlhs, magnitudes: bound.magnitudes[1],
                                                tolerance: bound.tolerance, "\(test.name) d lhs")
        try ConvolutionFixtureTests.expectClose(values[2], test.drhs, magnitudes: bound.magnitudes[2],
                                                tolerance: rhsTolerance, "\(test.name) d rhs")
    }

    /// A `jit` keeps one program per target: the standard one compiles
    /// separately and is not reused for the client's own target.
    @Test func eachTargetCompilesItsOwnProgram() throws {
        let taps = ConvolutionCase.all.filter(\.tap)
        let test = try #require(taps.first)
        let f = jit { (x: Tensor, w: Tensor) in test.apply(x, w) }
        let (x, w) = (test.lhs.tensor, test.rhs.tensor)
        let cpu = try f(x, w).scalars(as: Float.self)
        let standard = try LoweringTarget.$current.withValue(.standard) { try f(x, w) }.scalars(as: Float.self)
        #expect(f.compiledCount == 2)
        let scale = cpu.map(abs).max() ?? 0
        #expect(zip(cpu, standard).allSatisfy { abs($0 - $1) <= 2e-6 * scale }, "\(cpu) vs \(standard)")
    }
}
