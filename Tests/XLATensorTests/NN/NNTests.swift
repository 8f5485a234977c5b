import Foundation
import Testing
import XLATensor

/// The `jax.nn` functions against JAX 0.11.2 (fixture from
/// Scripts/fixtures/nn.py, every case run under `jax.jit` on the CPU), both
/// eagerly and under `jit`. Eager results are compared with JAX's values
/// without the outer `jax.jit` where those differ (see ``Case/eager_output``).
///
/// Tolerance: `|actual - expected| <= rtol · |expected| + atol`, with NaN
/// matching NaN and infinities matching exactly. float32: rtol 1e-6 (about
/// 8 ulp), atol 1e-30 (values that underflow near 0); bfloat16 and float16:
/// one ulp of the type (rtol 2⁻⁷ and 2⁻¹⁰), since an op whose float32 result
/// lies near a rounding boundary may round either way; integers and bools
/// exactly.
@Suite struct NNTests {
    typealias Parameter = FixtureParameter

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let function: String
        let params: [String: Parameter]
        let dtype: String
        let shape: [Int]
        let input: [Double]
        let output_dtype: String
        let output_shape: [Int]
        let output: [Double]
        /// JAX's values without the outer `jax.jit`, where they differ: gelu
        /// and softmax then run op by op and round every intermediate to the
        /// input's dtype, as eager mode does, while XLA may keep fused
        /// intermediates of a jitted program in float32.
        let eager_output: [Double]?

        var testDescription: String { name }
    }

    struct Fixture: Decodable {
        let jax: String
        let cases: [Case]
    }

    static let cases: [Case] = loadFixture("nn", as: Fixture.self, nonFiniteStrings: true).cases

    static func elementType(_ name: String) -> ElementType {
        ElementType.allCases.first { $0.name == name }!
    }

    /// The Swift call a fixture case stands for.
    static func function(of testCase: Case) -> (Tensor) -> Tensor {
        let p = testCase.params
        /// The `axes` parameter: absent → `default`, null → all axes.
        func axes(_ default: [Int]?) -> [Int]? {
            switch p["axes"] {
            case nil: return p["axis"].map { [$0.int] } ?? `default`
            case let .numbers(values)?: return values.map { Int($0) }
            default: return nil
            }
        }
        func scalar(_ key: String, _ default: Double) -> Tensor {
            Tensor(Float(p[key]?.double ?? `default`)).converted(to: .float32)
        }
        switch testCase.function {
        case "relu": return { relu($0) }
        case "relu6": return { relu6($0) }
        case "gelu":
            if case .bool(false)? = p["approximate"] { return { gelu($0, approximate: false) } }
            return { gelu($0) }
        case "sigmoid": return { sigmoid($0) }
        case "silu": return { silu($0) }
        case "swish": return { swish($0) }
        case "softplus": return { softplus($0) }
        case "log_sigmoid": return { logSigmoid($0) }
        case "elu":
            guard let alpha = p["alpha"]?.double else { return { elu($0) } }
            return { elu($0, alpha: Tensor(floatLiteral: alpha)) }
        case "leaky_relu":
            guard let slope = p["negativeSlope"]?.double else { return { leakyRelu($0) } }
            return { leakyRelu($0, negativeSlope: Tensor(floatLiteral: slope)) }
        case "softmax":
            if p["axes"] == nil { return { softmax($0, axis: p["axis"]?.int ?? -1) } }
            return { softmax($0, axes: axes(nil)) }
        case "log_softmax":
            if p["axes"] == nil { return { logSoftmax($0, axis: p["axis"]?.int ?? -1) } }
            return { logSoftmax($0, axes: axes(nil)) }
        case "logsumexp":
            let keepDims: Bool = if case .bool(true)? = p["keepDims"] { true } else { false }
            return { logsumexp($0, axes: axes(nil), keepDims: keepDims) }
        case "one_hot":
            let dtype = if case let .string(name)? = p["dtype"] { elementType(name) } else { ElementType.float32 }
            return { oneHot($0, count: p["count"]!.int, dtype: dtype, axis: p["axis"]?.int ?? -1) }
        case "standardize":
            let algorithm: StandardizeAlgorithm = if case .string("stable")? = p["algorithm"] { .stable } else { .fast }
            let mean = p["mean"].map { Tensor(floatLiteral: $0.double) }
            let variance = p["variance"].map { Tensor(floatLiteral: $0.double) }
            let epsilon = Tensor(floatLiteral: p["epsilon"]?.double ?? 1e-5)
            return { standardize($0, axes: axes([-1]), mean: mean, variance: variance, epsilon: epsilon,
                                 algorithm: algorithm) }
        default:
            fatalError("no Swift function for \(testCase.function)")
        }
    }

    static func input(of testCase: Case) -> Tensor {
        Tensor(testCase.input, shape: testCase.shape, dtype: elementType(testCase.dtype))
    }

    /// `rtol` and `atol` for a result dtype (see the suite's comment).
    static func tolerance(_ dtype: ElementType) -> (rtol: Double, atol: Double) {
        switch dtype {
        case .float32: (1e-6, 1e-30)
        case .bfloat16: (0x1p-7, 1e-30)
        case .float16: (0x1p-10, 1e-7)
        default: (0, 0)
        }
    }

    /// Checks `result` against the case's expected dtype, shape and values.
    static func check(_ result: Tensor, _ testCase: Case, eager: Bool) throws {
        let mode = eager ? "eager" : "jit"
        let output = eager ? testCase.eager_output ?? testCase.output : testCase.output
        let dtype = elementType(testCase.output_dtype)
        #expect(result.dtype == dtype, "\(testCase.name) (\(mode)): dtype \(result.dtype), JAX \(dtype)")
        #expect(result.shape == testCase.output_shape, "\(testCase.name) (\(mode)): shape \(result.shape)")
        let values = try result.converted(to: .float32).scalars(as: Float.self)
        try #require(values.count == output.count)
        let (rtol, atol) = tolerance(dtype)
        for (index, (actual, expected)) in zip(values.map(Double.init), output).enumerated() {
            let matches = expected.isNaN ? actual.isNaN
                : expected.isInfinite ? actual == expected
                : Swift.abs(actual - expected) <= rtol * Swift.abs(expected) + atol
            #expect(matches, "\(testCase.name) (\(mode)) [\(index)]: \(actual), JAX \(expected), input \(testCase.input[index % testCase.input.count])")
        }
    }

    @Test(arguments: NNTests.cases)
    func matchesJAXEagerly(_ testCase: Case) throws {
        try NNTests.check(NNTests.function(of: testCase)(NNTests.input(of: testCase)), testCase, eager: true)
    }

    @Test(arguments: NNTests.cases)
    func matchesJAXUnderJIT(_ testCase: Case) throws {
        let function = NNTests.function(of: testCase)
        let compiled = jit { (x: Tensor) in function(x) }
        try NNTests.check(try compiled(NNTests.input(of: testCase)), testCase, eager: false)
    }

    @Test func fixtureCoversEveryFunction() {
        let functions = Set(NNTests.cases.map(\.function))
        #expect(functions == ["relu", "relu6", "gelu", "sigmoid", "silu", "swish", "softplus", "elu", "leaky_relu",
                              "log_sigmoid", "softmax", "log_softmax", "logsumexp", "one_hot", "standardize"])
    }

    // MARK: Errors

    /// Reading `result` throws an error whose description names `function` and contains `detail`.
    func expectError(_ result: Tensor, naming function: String, _ detail: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: TensorError.self, sourceLocation: sourceLocation) { try result.scalars(as: Float.self) }
        let description = error?.description ?? ""
        #expect(description.hasPrefix(function + " at XLATensorTests/NNTests.swift:"), "\(description)",
                sourceLocation: sourceLocation)
        #expect(description.contains(detail), "\(description)", sourceLocation: sourceLocation)
    }

    @Test func badAxesPoisonTheResultAndNameTheFunction() {
        let x = Tensor([[1.0, 2, 3], [4, 5, 6]])
        expectError(softmax(x, axis: 2), naming: "softmax", "axes [2] are out of range or repeated for shape [2, 3]")
        expectError(softmax(x, axes: [0, -2]), naming: "softmax", "axes [0, -2]")
        expectError(logSoftmax(x, axis: -3), naming: "log_softmax", "shape [2, 3]")
        expectError(logsumexp(x, axes: [1, 1]), naming: "logsumexp", "axes [1, 1]")
        expectError(logsumexp(x, axis: 7, keepDims: true), naming: "logsumexp", "axes [7]")
        expectError(standardize(x, axis: 2), naming: "standardize", "shape [2, 3]")
        expectError(standardize(x, axes: [5]), naming: "standardize", "axes [5]")
        expectError(oneHot(Tensor([0, 1]), count: 3, axis: 2), naming: "one_hot", "axis 2 is out of range for a result of rank 2")
        expectError(oneHot(Tensor([0, 1]), count: -1), naming: "one_hot", "must be non-negative, not -1")
    }

    @Test func badAxesThrowAtTheJITBoundary() {
        let f = jit { (x: Tensor) in softmax(x, axis: 1) }
        let error = #expect(throws: TensorError.self) { try f(Tensor([1.0, 2, 3])) }
        #expect(error?.description.hasPrefix("softmax at ") == true, "\(String(describing: error))")
        #expect(error?.description.contains("axes [1] are out of range or repeated for shape [3]") == true)
        let g = jit { (x: Tensor) in oneHot(x, count: 4, axis: -3) }
        let oneHotError = #expect(throws: TensorError.self) { try g(Tensor([0, 1])) }
        #expect(oneHotError?.description.hasPrefix("one_hot at ") == true, "\(String(describing: oneHotError))")
    }

    @Test func poisonedInputsKeepTheirOwnError() {
        let bad = Tensor([1.0, 2, 3]) + Tensor([1.0, 2])
        for result in [relu(bad), gelu(bad), gelu(bad, approximate: false), softplus(bad), elu(bad), leakyRelu(bad),
                       softmax(bad), softmax(bad, axis: 4), logSoftmax(bad), logsumexp(bad), standardize(bad),
                       oneHot(bad, count: 3)] {
            let error = #expect(throws: TensorError.self) { try result.scalars(as: Float.self) }
            #expect(error?.description.contains("[3] and [2] cannot be broadcast together") == true,
                    "\(String(describing: error))")
        }
    }

    // MARK: Documented examples and dtypes

    @Test func documentedExamples() throws {
        #expect(try relu(Tensor([-2.0, -1, 0.5, 2])).scalars(as: Float.self) == [0, 0, 0.5, 2])
        #expect(try oneHot(Tensor([0, 1, 2]), count: 3).scalars(as: Float.self) == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(try oneHot(Tensor([-1, 3]), count: 3).scalars(as: Float.self) == [0, 0, 0, 0, 0, 0])
        let rows = try softmax(Tensor([[1.0, 2, 3], [0, 0, 0]])).sum(axes: [1]).scalars(as: Float.self)
        #expect(rows.allSatisfy { Swift.abs($0 - 1) < 1e-6 })
    }

    @Test func literalParametersKeepTheInputsDType() {
        let x = Tensor([-1.0, 2], dtype: .bfloat16)
        for result in [relu6(x), gelu(x), elu(x, alpha: 0.3), leakyRelu(x, negativeSlope: 0.2), softplus(x),
                       logSigmoid(x), standardize(x, epsilon: 0.1), softmax(x), logsumexp(x)] {
            #expect(result.dtype == .bfloat16)
        }
        #expect(oneHot(Tensor([1, 2]), count: 3, dtype: .int8).dtype == .int8)
    }
}
