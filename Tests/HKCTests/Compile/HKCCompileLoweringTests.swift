import Testing

/// `hkc compile --lowering`: the program XLA CPU gets and the standard one
/// every other platform gets (Docs/Scaling.md, "GPU"), printed on the CPU
/// plugin; bad values and `--explain` are argument errors.
@Suite struct HKCCompileLoweringTests {
    static func count(_ operation: String, in text: String) -> Int {
        text.components(separatedBy: "\"stablehlo.\(operation)\"").count - 1
    }

    /// MobileNet's small and depthwise convolutions (and their gradients)
    /// are tap slices and dots for XLA CPU, convolutions for the standard
    /// target, which keeps only the classifier's dots.
    @Test func mobileNetIsPlainConvolutionsForTheStandardTarget() throws {
        let cpu = try HKCProcess.run(["compile", "mobilenet", "--emit", "stablehlo", "--lowering", "cpu"])
        let standard = try HKCProcess.run(["compile", "mobilenet", "--emit", "stablehlo", "--lowering", "standard"])
        #expect(cpu.status == 0 && standard.status == 0, "\(cpu.output.suffix(500)) \(standard.output.suffix(500))")
        let (cpuDots, standardDots) = (Self.count("dot_general", in: cpu.output), Self.count("dot_general", in: standard.output))
        let (cpuConvolutions, standardConvolutions) = (Self.count("convolution", in: cpu.output),
                                                       Self.count("convolution", in: standard.output))
        #expect(standardConvolutions > cpuConvolutions, "\(standardConvolutions) vs \(cpuConvolutions)")
        #expect(standardDots < cpuDots, "\(standardDots) vs \(cpuDots)")
    }

    @Test(arguments: [(["compile", "mlp", "--lowering", "gpu"], "one of 'cpu' and 'standard'"),
                      (["compile", "mlp", "--explain", "--lowering", "standard"], "does not take --lowering standard")])
    func argumentErrors(arguments: [String], message: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains(message), "\(result.output)")
    }
}
