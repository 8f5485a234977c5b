import Testing

/// `hkc summary`'s text: Haiku's `tabulate` table (its layout is tested in
/// HaikuTests' `SummaryTests`) of the model asked for, at the batch asked for.
@Suite struct HKCSummaryTests {
    @Test(arguments: [
        (["summary", "mlp", "--batch", "2"], [
            "| mlp (MLP)               | MLP(outputSizes: [300, 100, 10])          |                 | f32[2,784] | f32[2,10]  |       266,610 |",
            "| mlp/~/linear_0 (Linear) | Linear(outputSize: 300, name: \"linear_0\") | w: f32[784,300] | f32[2,784] | f32[2,300] |       235,500 |",
        ]),
        (["summary", "cnn", "--batch", "3"], [
            "| conv2_d (Conv2D)           | Conv2D(outputChannels: 32, kernelShape: 3) ",
            "| w: f32[3,3,1,32]  | f32[3,28,28,1]  | f32[3,28,28,32] |           320 |",
            "| w: f32[3136,10]   | f32[3,3136]     | f32[3,10]       |        31,370 |",
        ]),
    ])
    func modelTable(arguments: [String], rows: [String]) throws {
        let result = try HKCProcess.run(arguments)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("| Module "), "\(result.output)")
        for row in rows { #expect(result.output.contains(row), "\(row) in \(result.output)") }
    }
}
