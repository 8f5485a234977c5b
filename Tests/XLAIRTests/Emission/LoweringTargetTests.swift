import Testing
import XLAIR

/// ``LoweringTarget`` at emission: a program is written with XLA CPU's forms
/// unless lowered for another target, where each op kind that has an XLA
/// CPU form (small, depthwise, batch-grouped and partly dead convolutions)
/// is one `stablehlo.convolution`.
@Suite struct LoweringTargetTests {
    static let nhwc = ConvolutionIRTests.nhwc

    @Test func platformsMapToTargets() {
        #expect(LoweringTarget(platform: "cpu") == .xlaCPU)
        #expect(LoweringTarget(platform: "CPU") == .xlaCPU)
        #expect(LoweringTarget(platform: "cuda") == .standard)
        #expect(LoweringTarget(platform: "tpu") == .standard)
        #expect(LoweringTarget.resolved == .xlaCPU)
        #expect(LoweringTarget.$current.withValue(.standard) { LoweringTarget.resolved } == .standard)
    }

    /// (input, kernel, configuration) that XLA CPU writes without a convolution
    /// or with a smaller one: tap form, depthwise taps, only the live outputs.
    static let cases: [(String, [Int], [Int], ConvolutionConfiguration)] = [
        ("taps", [1, 2, 2, 2], [3, 3, 2, 4],
         ConvolutionConfiguration(dimensions: nhwc, paddingLow: [1, 1], paddingHigh: [1, 1])),
        ("depthwise", [1, 5, 5, 3], [3, 3, 1, 3],
         ConvolutionConfiguration(dimensions: nhwc, paddingLow: [1, 1], paddingHigh: [1, 1], featureGroupCount: 3)),
        ("live outputs", [1, 9, 9, 2], [1, 1, 2, 4],
         ConvolutionConfiguration(dimensions: nhwc, paddingLow: [2, 2], paddingHigh: [2, 2])),
    ]

    @Test(arguments: cases.indices)
    func standardTargetWritesOnePlainConvolution(_ index: Int) throws {
        let (name, lhs, rhs, configuration) = Self.cases[index]
        let program = try ConvolutionIRTests.program(lhs, rhs, configuration)
        let cpu = try program.stableHLO()
        #expect(try program.stableHLO(for: .xlaCPU) == cpu)
        let standard = try program.stableHLO(for: .standard)
        #expect(standard != cpu, "\(name): XLA CPU's form differs")
        let operations = standard.split(separator: "\n").filter { $0.contains(" = \"stablehlo.") }
        #expect(operations.count == 1 && operations[0].contains("\"stablehlo.convolution\""), "\(name): \(standard)")
    }
}
