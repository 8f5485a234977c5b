import Foundation
import Testing
import XLATensor

/// Convolution gradients against float64 central differences (through
/// ``GradientCheckTests``' checker) and `vmap` against a loop of unbatched
/// calls, over strides, padding, dilations, groups and layouts.
@Suite struct ConvolutionTransformTests {
    static let nhwc = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
    typealias Input = GradientCheckTests.Input

    @Test func gradientsMatchFiniteDifferences() throws {
        let checker = GradientCheckTests()
        try checker.check("NCHW same stride 2 rhs dilation", [Input(shape: [2, 2, 5, 6]), Input(shape: [3, 2, 2, 3])]) {
            convGeneralDilated($0[0], $0[1], windowStrides: [2, 1], padding: .same, rhsDilation: [2, 1])
        }
        try checker.check("NHWC lhs dilation negative padding", [Input(shape: [1, 3, 4, 2]), Input(shape: [2, 3, 2, 2])]) {
            convGeneralDilated($0[0], $0[1], windowStrides: [1, 2], padding: .explicit([.init(1, -1), .init(2, 0)]),
                               lhsDilation: [2, 1], dimensionNumbers: Self.nhwc)
        }
        try checker.check("feature groups", [Input(shape: [2, 4, 4, 4]), Input(shape: [3, 3, 2, 4])]) {
            convGeneralDilated($0[0], $0[1], windowStrides: [1, 1], padding: .valid, dimensionNumbers: Self.nhwc,
                               featureGroupCount: 2)
        }
        try checker.check("batch groups", [Input(shape: [4, 2, 4, 3]), Input(shape: [4, 2, 2, 2])]) {
            convGeneralDilated($0[0], $0[1], windowStrides: [1, 1], padding: .sameLower, batchGroupCount: 2)
        }
        try checker.check("tap form 1-D", [Input(shape: [2, 2, 3]), Input(shape: [3, 2, 5])]) {
            convGeneralDilated($0[0], $0[1], windowStrides: [2], padding: .same)
        }
        try checker.check("3-D odd layout", [Input(shape: [3, 1, 2, 2, 4]), Input(shape: [2, 2, 2, 2, 2])]) {
            convGeneralDilated($0[0], $0[1], windowStrides: [1, 2, 1], padding: .same,
                               dimensionNumbers: .init(lhs: "DNHCW", rhs: "WIDOH", output: "CWNDH"))
        }
        try checker.check("convTranspose kernel transposed", [Input(shape: [1, 3, 2, 2]), Input(shape: [3, 2, 3, 2])]) {
            convTranspose($0[0], $0[1], strides: [2, 1], padding: .same, transposeKernel: true)
        }
    }

    @Test func secondOrderGradientIsAConvolutionToo() throws {
        // d/dw of the sum of (d/dx sum(conv(x, w) * c))^2: a gradient of a gradient.
        try GradientCheckTests().check("grad of grad", [Input(shape: [1, 2, 3, 3]), Input(shape: [2, 2, 2, 2])]) { p in
            let inner = grad { (x: Tensor) in
                (convGeneralDilated(x, p[1], windowStrides: [1, 1], padding: .same) * sin(x).sum()).sum()
            }(p[0])
            return inner * inner
        }
    }

    /// A seeded float32 tensor.
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = GradientCheckTests.Generator(state: seed)
        return Tensor(GradientCheckTests.values(Input(shape: shape), &generator).map { Float($0) }, shape: shape)
    }

    /// `vmap(f)` with the batch at `lhsAxis` / `rhsAxis` (nil: unbatched)
    /// equals stacking `f` over a loop.
    func expectVMapMatchesLoop(_ name: String, lhs: [Int], rhs: [Int], lhsAxis: Int?, rhsAxis: Int?, size: Int = 3,
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ f: @escaping (Tensor, Tensor) -> Tensor) throws {
        var (lhsShape, rhsShape) = (lhs, rhs)
        if let lhsAxis { lhsShape.insert(size, at: lhsAxis) }
        if let rhsAxis { rhsShape.insert(size, at: rhsAxis) }
        let (x, w) = (Self.random(lhsShape, seed: 7), Self.random(rhsShape, seed: 8))
        let slice = { (t: Tensor, axis: Int?, index: Int) -> Tensor in
            guard let axis else { return t }
            return t.transposed([axis] + (0..<t.rank).filter { $0 != axis })[.at(index)]
        }
        let expected = stack((0..<size).map { f(slice(x, lhsAxis, $0), slice(w, rhsAxis, $0)) })
        let mapped = vmap({ (p: [Tensor]) in f(p[0], p[1]) }, inAxes: [lhsAxis, rhsAxis])
        for (mode, actual) in [("eager", mapped([x, w])), ("jit", try jit(mapped)([x, w]))] {
            #expect(actual.shape == expected.shape, "\(name) (\(mode)): \(actual.shape) vs \(expected.shape)",
                    sourceLocation: sourceLocation)
            let (a, e) = (try actual.scalars(as: Float.self), try expected.scalars(as: Float.self))
            let scale = e.map(Swift.abs).max() ?? 0
            for (index, (u, v)) in zip(a, e).enumerated() {
                #expect(Swift.abs(u - v) <= 1e-5 * (Swift.abs(v) + scale), "\(name) (\(mode))[\(index)]: \(u) vs \(v)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: [(0, nil), (nil, 0), (0, 0), (2, 3), (4, nil), (nil, 1)] as [(Int?, Int?)])
    func vmapMatchesALoop(_ axes: (Int?, Int?)) throws {
        let (l, r) = axes
        try expectVMapMatchesLoop("plain NHWC", lhs: [2, 5, 4, 3], rhs: [3, 2, 3, 4], lhsAxis: l, rhsAxis: r) {
            convGeneralDilated($0, $1, windowStrides: [2, 1], padding: .same, dimensionNumbers: Self.nhwc)
        }
        try expectVMapMatchesLoop("feature groups", lhs: [2, 4, 4, 6], rhs: [3, 3, 2, 6], lhsAxis: l, rhsAxis: r) {
            convGeneralDilated($0, $1, windowStrides: [1, 1], padding: .valid, dimensionNumbers: Self.nhwc,
                               featureGroupCount: 3)
        }
        try expectVMapMatchesLoop("batch groups", lhs: [4, 2, 4, 4], rhs: [6, 2, 3, 3], lhsAxis: l, rhsAxis: r) {
            convGeneralDilated($0, $1, windowStrides: [1, 1], padding: .same, batchGroupCount: 2)
        }
        try expectVMapMatchesLoop("tap form, odd layout", lhs: [2, 3, 2, 2], rhs: [3, 2, 3, 3], lhsAxis: l, rhsAxis: r) {
            convGeneralDilated($0, $1, windowStrides: [1, 1], padding: .same,
                               dimensionNumbers: .init(lhs: "WCHN", rhs: "HOWI", output: "HNCW"))
        }
    }

    @Test func vmapOfGradientIsPerExample() throws {
        let loss = { (p: [Tensor]) in
            { $0 * $0 }(convGeneralDilated(p[0], p[1], windowStrides: [1, 1], padding: .same, dimensionNumbers: Self.nhwc)).sum()
        }
        let x = Self.random([3, 1, 3, 3, 2], seed: 11)
        let w = Self.random([3, 3, 2, 2], seed: 12)
        let perExample = vmap({ (p: [Tensor]) in grad(loss)(p)[1] }, inAxes: [0, nil])([x, w])
        let expected = stack((0..<3).map { grad(loss)([x[.at($0)], w])[1] })
        let (a, e) = (try perExample.scalars(as: Float.self), try expected.scalars(as: Float.self))
        let scale = e.map(Swift.abs).max() ?? 0
        #expect(zip(a, e).allSatisfy { Swift.abs($0 - $1) <= 1e-5 * scale })
    }
}

extension ConvolutionTransformTests {
    @Test func emptyOutputsAndEmptyBatches() throws {
        // A kernel wider than the input: the output is empty, both gradients zeros.
        let (x, w) = (Self.random([2, 2, 3], seed: 3), Self.random([2, 2, 5], seed: 4))
        let gradients = grad { (p: [Tensor]) in convGeneralDilated(p[0], p[1], windowStrides: [1], padding: .valid).sum() }([x, w])
        #expect(try gradients[0].scalars(as: Float.self) == Array(repeating: 0, count: 12))
        #expect(try gradients[1].scalars(as: Float.self) == Array(repeating: 0, count: 20))
        // vmap over an empty axis keeps the per-example shape.
        let mapped = vmap({ (p: [Tensor]) in
            convGeneralDilated(p[0], p[1], windowStrides: [1, 1], padding: .same, batchGroupCount: 2)
        }, inAxes: [0, nil])([Tensor.zeros([0, 4, 2, 3, 3]), Tensor.zeros([4, 2, 2, 2])])
        #expect(mapped.shape == [0, 2, 4, 3, 3])
        #expect(try mapped.scalars(as: Float.self).isEmpty)
    }
}

extension ConvolutionTransformTests {
    @Test func forwardModeIsBilinear() throws {
        // jvp of a bilinear map: conv(dx, w) + conv(x, dw).
        let conv = { (x: Tensor, w: Tensor) in
            convGeneralDilated(x, w, windowStrides: [2, 1], padding: .same, dimensionNumbers: Self.nhwc)
        }
        let (x, w) = (Self.random([2, 3, 4, 2], seed: 21), Self.random([3, 2, 2, 3], seed: 22))
        let (dx, dw) = (Self.random([2, 3, 4, 2], seed: 23), Self.random([3, 2, 2, 3], seed: 24))
        let (output, tangent) = jvp({ (p: [Tensor]) in conv(p[0], p[1]) }, [x, w], [dx, dw])
        let expected = try (conv(dx, w) + conv(x, dw)).scalars(as: Float.self)
        let scale = expected.map(Swift.abs).max() ?? 0
        #expect(zip(try tangent.scalars(as: Float.self), expected).allSatisfy { Swift.abs($0 - $1) <= 1e-5 * scale })
        #expect(try output.scalars(as: Float.self) == conv(x, w).scalars(as: Float.self))
    }
}
