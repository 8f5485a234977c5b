import Testing
import XLATensor

/// The element types of `Fixtures/convolution.json` (written by
/// `Scripts/fixtures/convolution.py` with JAX 0.11.2): integer
/// convolutions and the mixed pairs JAX rejects.
struct ConvolutionDTypeFixture: Decodable, Sendable {
    struct Integers: Decodable, Sendable {
        let shape: [Int]
        let values: [Int]

        func tensor(_ dtype: ElementType) -> Tensor { Tensor(values.map { Int32($0) }, shape: shape, dtype: dtype) }
    }

    struct IntegerCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let dtype: String
        let transpose: Bool
        let strides: [Int]
        let padding: String
        let lhs: Integers, rhs: Integers, out: Integers

        var testDescription: String { name }
        var elementType: ElementType? { ElementType.allCases.first { $0.name == dtype } }

        /// The case's convolution of `x` and `w`, with JAX's default layouts.
        func apply(_ x: Tensor, _ w: Tensor) -> Tensor {
            let padding: Padding = self.padding == "SAME" ? .same : .valid
            return transpose ? convTranspose(x, w, strides: strides, padding: padding)
                : convGeneralDilated(x, w, windowStrides: strides, padding: padding)
        }
    }

    struct MixedPair: Decodable, Sendable, CustomTestStringConvertible {
        let lhs: String
        let rhs: String
        let error: String

        var testDescription: String { "\(lhs) with \(rhs)" }
    }

    let integerCases: [IntegerCase]
    let mixedDtypes: [MixedPair]

    enum CodingKeys: String, CodingKey {
        case integerCases = "integer_cases", mixedDtypes = "mixed_dtypes"
    }

    static let file = loadFixture("convolution", as: ConvolutionDTypeFixture.self)
}

/// Convolution element types as in JAX 0.11.2: integer convolutions are
/// exact and keep their type; operands of two different types are an error
/// (JAX does not promote them), for `convGeneralDilated` and `convTranspose`.
@Suite struct ConvolutionDTypeTests {
    @Test(arguments: ConvolutionDTypeFixture.file.integerCases)
    func integerConvolutionsMatchJAX(_ test: ConvolutionDTypeFixture.IntegerCase) throws {
        let dtype = try #require(test.elementType, "unknown dtype \(test.dtype)")
        let (x, w) = (test.lhs.tensor(dtype), test.rhs.tensor(dtype))
        for (mode, y) in [("eager", test.apply(x, w)), ("jit", try jit { (x: Tensor, w: Tensor) in test.apply(x, w) }(x, w))] {
            #expect(y.dtype == dtype, "\(mode)")
            #expect(y.shape == test.out.shape, "\(mode)")
            #expect(try y.converted(to: .int32).scalars(as: Int32.self) == test.out.values.map { Int32($0) }, "\(mode)")
        }
    }

    @Test(arguments: ConvolutionDTypeFixture.file.mixedDtypes)
    func mixedElementTypesAreErrors(_ pair: ConvolutionDTypeFixture.MixedPair) throws {
        #expect(pair.error.contains("requires arguments to have the same dtypes"), "JAX: \(pair.error)")
        let find = { (name: String) in ElementType.allCases.first { $0.name == name } }
        let (lhs, rhs) = (try #require(find(pair.lhs)), try #require(find(pair.rhs)))
        let (x, w) = (Tensor.zeros([1, 2, 4, 4], dtype: lhs), Tensor.zeros([3, 2, 2, 2], dtype: rhs))
        let results = [convGeneralDilated(x, w, windowStrides: [1, 1], padding: .valid),
                       convTranspose(x, w, strides: [2, 2], padding: .same,
                                     dimensionNumbers: .init(lhs: "NCHW", rhs: "OIHW", output: "NCHW"))]
        for y in results {
            #expect(y.dtype == lhs)
            let error = #expect(throws: TensorError.self) { try y.converted(to: .float32).scalars(as: Float.self) }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("must have one dtype, not \(pair.lhs) and \(pair.rhs)"), "\(text)")
            #expect(text.contains("ConvolutionDTypeTests.swift"), "\(text)")
        }
    }
}
