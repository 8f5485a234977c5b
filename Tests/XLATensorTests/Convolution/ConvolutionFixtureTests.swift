import Foundation
import NumericsSupport
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
/// respect to both operands (JAX's transpose rules, here convolutions too),
/// within the derived contraction tolerance (``MultilinearBound``).
///
/// Against fixtures regenerated on this machine the values and the lhs
/// pullbacks are bit for bit, except where we knowingly sum in another
/// order than JAX: the tap form; the rhs pullback (not the convolution
/// JAX's transpose rule emits); and ``ConvolutionFixtureTests/reordered``.
@Suite struct ConvolutionFixtureTests {
    /// Cases whose value exact mode found one ulp off JAX's on the same
    /// machine (element 57 of 60): our `convTranspose` with rhs dilation
    /// and stride 3 reaches XLA as another convolution than JAX's.
    static let reordered: Set = ["transpose 1-D rhs dilation"]

    /// Whether our value of `test` sums in JAX's order.
    static func orderMatchesJAX(_ test: ConvolutionCase) -> Bool { !test.tap && !reordered.contains(test.name) }

    static func expectClose(_ actual: Tensor, _ expected: ConvolutionCase.Values, magnitudes: Tensor,
                            tolerance: ContractionTolerance, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), JAX \(expected.shape)",
                sourceLocation: sourceLocation)
        let closeness = try tolerance.compare(actual.scalars(as: Float.self), expected.values.map { Float($0) },
                                              magnitudes: magnitudes.scalars(as: Float.self))
        #expect(closeness.isClose, "\(what): \(closeness)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ConvolutionCase.all)
    func valuesMatchJAX(_ test: ConvolutionCase) throws {
        let (x, w) = (test.lhs.tensor, test.rhs.tensor)
        let convolution = { (p: [Tensor]) in [test.apply(p[0], p[1])] }
        let bound = try MultilinearBound(convolution, [x, w], orderMatchesJAX: Self.orderMatchesJAX(test))
        for (mode, output) in [("eager", test.apply(x, w)), ("jit", try jit { (x: Tensor, w: Tensor) in test.apply(x, w) }(x, w))] {
            try Self.expectClose(output, test.out, magnitudes: bound.magnitudes[0], tolerance: bound.tolerance,
                                 "\(test.name) \(mode)")
        }
    }

    @Test(arguments: ConvolutionCase.all)
    func pullbacksMatchJAX(_ test: ConvolutionCase) throws {
        let pullback = { (p: [Tensor]) -> [Tensor] in
            vjp({ (q: [Tensor]) in test.apply(q[0], q[1]) }, [p[0], p[1]]).pullback(p[2])
        }
        let inputs = [test.lhs.tensor, test.rhs.tensor, test.cotangent.tensor]
        let bound = try MultilinearBound(pullback, inputs, orderMatchesJAX: Self.orderMatchesJAX(test))
        let rhsTolerance = ContractionTolerance(length: bound.tolerance.length, orderMatchesReference: false)
        for (mode, gradients) in [("eager", pullback(inputs)), ("jit", try jit(pullback)(inputs))] {
            try Self.expectClose(gradients[0], test.dlhs, magnitudes: bound.magnitudes[0], tolerance: bound.tolerance,
                                 "\(test.name) d lhs (\(mode))")
            try Self.expectClose(gradients[1], test.drhs, magnitudes: bound.magnitudes[1], tolerance: rhsTolerance,
                                 "\(test.name) d rhs (\(mode))")
        }
    }
}
