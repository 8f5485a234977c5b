import Testing

/// `hkc summary`'s text: Haiku's `tabulate` table of a built-in model, at
/// the batch asked for.
@Suite struct HKCSummaryTests {
    @Test func mlpTable() throws {
        let result = try HKCProcess.run(["summary", "mlp", "--batch", "2"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains(Self.mlpTable), "\(result.output)")
    }

    /// The 784-300-100-10 MLP on a batch of 2: one row per module with its
    /// configuration, parameter shapes, input and output types, and counts
    /// (235,500 + 30,100 + 1,010 = 266,610 parameters, 4 bytes each).
    static let mlpTable = """
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | Module                  | Config                                    | Module params   | Input      | Output     |   Param count |   Param bytes |
        +=========================+===========================================+=================+============+============+===============+===============+
        | mlp (MLP)               | MLP(outputSizes: [300, 100, 10])          |                 | f32[2,784] | f32[2,10]  |       266,610 |       1.07 MB |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | mlp/~/linear_0 (Linear) | Linear(outputSize: 300, name: "linear_0") | w: f32[784,300] | f32[2,784] | f32[2,300] |       235,500 |     942.00 KB |
        |  └ mlp (MLP)            |                                           | b: f32[300]     |            |            |               |               |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | mlp/~/linear_1 (Linear) | Linear(outputSize: 100, name: "linear_1") | w: f32[300,100] | f32[2,300] | f32[2,100] |        30,100 |     120.40 KB |
        |  └ mlp (MLP)            |                                           | b: f32[100]     |            |            |               |               |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | mlp/~/linear_2 (Linear) | Linear(outputSize: 10, name: "linear_2")  | w: f32[100,10]  | f32[2,100] | f32[2,10]  |         1,010 |       4.04 KB |
        |  └ mlp (MLP)            |                                           | b: f32[10]      |            |            |               |               |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        """
}
