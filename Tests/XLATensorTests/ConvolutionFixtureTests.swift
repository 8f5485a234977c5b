import Foundation
import Testing
import XLATensor

/// One case of `Fixtures/convolution.json`, written by
/// `Scripts/fixtures/convolution.py` with JAX 0.11.2.
struct ConvolutionCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let values: [Double]
        var tensor: Tensor { Tensor(values.map { Float($0) }, shape: shape) }
    }

    let name: String
    let transpose: Bool
    let tap: Bool
    let strides: [Int]
    let padding: String?
    let pads: [[Int]]?
    let lhsDilation: [Int]?
    let rhsDilation: [Int]?
    let dimensionNumbers: [String]?
    let featureGroupCount: Int
    let batchGroupCount: Int
    let transposeKernel: Bool
    let lhs: Values, rhs: Values, out: Values, cotangent: Values, dlhs: Values, drhs: Values

    enum CodingKeys: String, CodingKey {
        case name, transpose, tap, strides, padding, pads, lhs, rhs, out, cotangent, dlhs, drhs
        case lhsDilation = "lhs_dilation", rhsDilation = "rhs_dilation", dimensionNumbers = "dimension_numbers"
        case featureGroupCount = "feature_group_count", batchGroupCount = "batch_group_count"
        case transposeKernel = "transpose_kernel"
    }

    var testDescription: String { name }

    /// JAX's padding argument as ``Padding``.
    var paddingValue: Padding {
        switch padding {
        case "SAME": .same
        case "SAME_LOWER": .sameLower
        case "VALID": .valid
        default: .explicit((pads ?? []).map { Padding.Pair($0[0], $0[1]) })
        }
    }

    /// The case's convolution of `x` and `w`.
    func apply(_ x: Tensor, _ w: Tensor) -> Tensor {
        let numbers = dimensionNumbers.map { ConvDimensionNumbers(lhs: $0[0], rhs: $0[1], output: $0[2]) }
        if transpose {
            return convTranspose(x, w, strides: strides, padding: paddingValue, rhsDilation: rhsDilation,
                                 dimensionNumbers: numbers, transposeKernel: transposeKernel)
        }
        return convGeneralDilated(x, w, windowStrides: strides, padding: paddingValue, lhsDilation: lhsDilation,
                                  rhsDilation: rhsDilation, dimensionNumbers: numbers,
                                  featureGroupCount: featureGroupCount, batchGroupCount: batchGroupCount)
    }

    static let all: [ConvolutionCase] = {
        struct File: Decodable { let cases: [ConvolutionCase] }
        return loadFixture("convolution", as: File.self).cases
    }()
}

/// `convGeneralDilated` and `convTranspose` against JAX 0.11.2: values
/// eagerly and under `jit`, and the pullback of a random cotangent with
/// respect to both operands (JAX's transpose rules, here convolutions too).
///
/// A value passes when `|actual - expected| <= 2e-6 · (|expected| + s)`,
/// `s` the largest `|expected|` of that tensor: the tap form sums in a
/// different order than XLA's convolution, and a component that cancels
/// carries the rounding error of the tensor's scale.
@Suite struct ConvolutionFixtureTests {
    static func expectClose(_ actual: Tensor, _ expected: ConvolutionCase.Values, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), JAX \(expected.shape)",
                sourceLocation: sourceLocation)
        guard actual.shape == expected.shape else { return }
        let values = try actual.scalars(as: Float.self)
        let scale = expected.values.map(Swift.abs).max() ?? 0
        for (index, (a, e)) in zip(values, expected.values).enumerated() {
            #expect(Swift.abs(Double(a) - e) <= 2e-6 * (Swift.abs(e) + scale),
                    "\(what)[\(index)] = \(a), JAX \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: ConvolutionCase.all)
    func valuesMatchJAX(_ test: ConvolutionCase) throws {
        let (x, w) = (test.lhs.tensor, test.rhs.tensor)
        try Self.expectClose(test.apply(x, w), test.out, "\(test.name) eager")
        try Self.expectClose(try jit { (x: Tensor, w: Tensor) in test.apply(x, w) }(x, w), test.out, "\(test.name) jit")
    }

    @Test(arguments: ConvolutionCase.all)
    func pullbacksMatchJAX(_ test: ConvolutionCase) throws {
        let pullback = { (p: [Tensor]) -> [Tensor] in
            vjp({ (q: [Tensor]) in test.apply(q[0], q[1]) }, [p[0], p[1]]).pullback(p[2])
        }
        let inputs = [test.lhs.tensor, test.rhs.tensor, test.cotangent.tensor]
        for (mode, gradients) in [("eager", pullback(inputs)), ("jit", try jit(pullback)(inputs))] {
            try Self.expectClose(gradients[0], test.dlhs, "\(test.name) d lhs (\(mode))")
            try Self.expectClose(gradients[1], test.drhs, "\(test.name) d rhs (\(mode))")
        }
    }
}
