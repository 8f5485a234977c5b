import Haiku
import Testing

/// ``Axes``: Haiku's `AxisOrAxes` written as integers, arrays and ranges,
/// resolved as Python's `range(rank)[slice]` and `jnp.mean`'s axes are;
/// and the normalization modules' descriptions for `tabulate`.
@Suite struct AxesTests {
    @Test func literalsAndRangesResolveAsHaikusIntsListsAndSlices() throws {
        let cases: [(Axes, Int, [Int])] = [
            (-1, 3, [2]), ([2, 0], 3, [0, 2]), ([-1, 1], 3, [1, 2]),
            (Axes(1...), 4, [1, 2, 3]),                     // slice(1, None)
            (Axes((-2)...), 4, [2, 3]),                     // slice(-2, None)
            (Axes(1..<3), 4, [1, 2]),                       // slice(1, 3)
            (Axes(..<(-1)), 3, [0, 1]),                     // slice(None, -1)
            (.slice(start: 1, end: -1), 2, []),             // InstanceNorm on [N, C]
            (Axes(0...1), 3, [0, 1]),                       // slice(0, 2)
            (Axes((-3)...(-1)), 4, [1, 2, 3]),              // slice(-3, None)
            (.slice(start: nil, end: nil, step: 2), 5, [0, 2, 4]),
            (.slice(start: nil, end: nil, step: -1), 3, [0, 1, 2]),
            (.slice(start: -10, end: 10), 3, [0, 1, 2]),    // clamped as Python clamps
            (.slice(start: 5, end: nil), 3, []),
        ]
        for (axes, rank, expected) in cases {
            #expect(try axes.resolved(rank: rank) == expected, "\(axes) on rank \(rank)")
        }
    }

    @Test func outOfRangeAndRepeatedAxesAreErrors() {
        #expect(throws: HaikuError.invalidArgument("axis 3 is out of bounds for array of dimension 3", location: nil)) {
            try Axes.axis(3).resolved(rank: 3)
        }
        #expect(throws: HaikuError.invalidArgument("duplicate value in 'axis': (1, -2)", location: nil)) {
            try Axes([1, -2]).resolved(rank: 3)
        }
    }

    @Test func axesAreDescribedAsWrittenInSwift() {
        #expect(["\(Axes(-1))", "\(Axes([1, 2]))", "\(Axes(1...))", "\(Axes((-2)...))", "\(Axes(1..<3))",
                 "\(Axes(..<(-1)))", "\(Axes.slice(start: nil, end: nil, step: 2))", "\(Axes((-3)..<(-1)))", "\(Axes.slice(start: 1, end: -1))"]
                == ["-1", "[1, 2]", "1...", "(-2)...", "1..<3", "..<(-1)", ".slice(start: nil, end: nil, step: 2)",
                    "(-3)..<(-1)", ".slice(start: 1, end: -1, step: 1)"])
    }

    @Test func modulesDescribeTheirConfiguration() throws {
        #expect(LayerNorm(axis: -1, createScale: true, createOffset: true).description
                    == "LayerNorm(axis: -1, createScale: true, createOffset: true)")
        #expect(LayerNorm(axis: 1..., createScale: false, createOffset: true, eps: 0.001, useFastVariance: true,
                          paramAxis: [1, 2], name: "ln").description
                    == "LayerNorm(axis: 1..., createScale: false, createOffset: true, eps: 0.001, useFastVariance: true, "
                    + "paramAxis: [1, 2], name: \"ln\")")
        #expect(InstanceNorm(createScale: true, createOffset: false, dataFormat: .nchw).description
                    == "InstanceNorm(createScale: true, createOffset: false, dataFormat: \"NCHW\")")
        #expect(GroupNorm(groups: 4).description == "GroupNorm(groups: 4)")
        #expect(GroupNorm(groups: 2, axis: 2..., createOffset: false, eps: 0.1).description
                    == "GroupNorm(groups: 2, axis: 2..., createOffset: false, eps: 0.1)")
        #expect(RMSNorm(axis: -1).description == "RMSNorm(axis: -1)")
        #expect(RMSNorm(axis: [1, 2], createScale: false, paramAxis: 1).description
                    == "RMSNorm(axis: [1, 2], createScale: false, paramAxis: 1)")
        let table = try tabulate(transform { (x: Tensor) in
            GroupNorm(groups: 2)(LayerNorm(axis: -1, createScale: true, createOffset: true)(x))
        }, Tensor.zeros([1, 3, 4]))
        #expect(table.contains("layer_norm (LayerNorm)") && table.contains("axis: -1, createScale: true, createOffset: true"),
                "\(table)")
        #expect(table.contains("group_norm (GroupNorm)") && table.contains("groups: 2"), "\(table)")
    }

    /// Haiku's documented example: `LayerNorm(axis=-1, param_axis=-1,
    /// create_scale=True, create_offset=True)` on ones `[8, 224, 224, 3]`.
    @Test func haikusDocumentedExample() throws {
        let f = transform { (x: Tensor) in
            LayerNorm(axis: -1, createScale: true, createOffset: true, paramAxis: -1)(x)
        }
        let x = Tensor.ones([8, 224, 224, 3])
        let params = try f.initialize(rng: PRNGKey(0), x)
        #expect(params["layer_norm"]?["scale"]?.shape == [3] && params["layer_norm"]?["offset"]?.shape == [3])
        #expect(try params["layer_norm"]?["scale"]?.scalars(as: Float.self) == [1, 1, 1])
        let y = try f.apply(params, rng: nil, x)
        #expect(y.shape == [8, 224, 224, 3] && y.dtype == .float32)
        // Constant rows have zero variance: every output is the offset, 0.
        #expect(try abs(y).max().scalars(as: Float.self) == [0])
    }
}
