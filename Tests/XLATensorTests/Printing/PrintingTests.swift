import Foundation
import Testing
import XLATensor

/// NumPy's `str` and JAX's `repr` of edge-case and random arrays of every
/// element type (fixture from Scripts/fixtures/printing.py, numpy 2.x and jax 0.11.2).
@Suite struct PrintingTests {
    struct Case: Decodable {
        let dtype: String
        let shape: [Int]
        let weak: Bool
        let values: [String]?
        let fill: String?
        let str: String
        let repr: String

        /// The values as the formatter takes them.
        var format: ArrayFormat {
            let type = ElementType.allCases.first { $0.name == dtype }!
            let texts = values ?? Array(repeating: fill!, count: shape.reduce(1, *))
            let parsed: FormattableValues
            if type == .bool {
                parsed = .bools(texts.map { $0 == "True" })
            } else if type.isSignedInteger {
                parsed = .integers(texts.map { Int64($0)! })
            } else if type.isUnsignedInteger {
                parsed = .unsignedIntegers(texts.map { UInt64($0)! })
            } else {
                parsed = .floats(texts.map { PrintingTests.rounded(Double($0)!, to: type) })
            }
            return ArrayFormat(parsed, shape: shape, elementType: type, weakType: weak)
        }
    }

    /// The nearest value of a float element type (the fixture keeps only the digits that read back).
    static func rounded(_ value: Double, to type: ElementType) -> Double {
        switch type {
        case .float16: Double(Float16(value))
        case .float32: Double(Float(value))
        case .bfloat16: Double(BFloat16(Float(value)).floatValue)
        default: value
        }
    }

    struct Fixture: Decodable {
        let cases: [Case]
    }

    static let cases: [Case] = loadFixture("printing", as: Fixture.self).cases

    /// The first line where two texts differ, both versions, to keep failures short.
    static func firstDifference(_ printed: String, _ expected: String) -> String {
        let lines = zip(printed.split(separator: "\n", omittingEmptySubsequences: false),
                        expected.split(separator: "\n", omittingEmptySubsequences: false))
        guard let (got, want) = lines.first(where: { $0 != $1 }) else { return "line counts differ" }
        return "got '\(got)', expected '\(want)'"
    }

    @Test func matchesNumPyStr() {
        #expect(Self.cases.count > 700)
        for fixture in Self.cases {
            let printed = fixture.format.numpyString
            #expect(printed == fixture.str, "\(fixture.dtype) \(fixture.shape): \(Self.firstDifference(printed, fixture.str))")
        }
    }

    @Test func matchesJAXRepr() {
        for fixture in Self.cases {
            let printed = fixture.format.jaxRepr
            #expect(printed == fixture.repr, "\(fixture.dtype) \(fixture.shape): \(Self.firstDifference(printed, fixture.repr))")
        }
    }

    @Test func jaxStringIsNumPyStrBelowOneMebibyte() {
        let small = ArrayFormat(.floats([1, 2.5]), shape: [2], elementType: .float32)
        #expect(small.jaxString == "[1.  2.5]")
        let large = ArrayFormat(.floats(Array(repeating: 0, count: 1 << 18)), shape: [512, 512], elementType: .float32)
        #expect(large.jaxString == "Array(shape=(512, 512), dtype=float32)")
    }

    @Test func documentationExample() {
        let format = ArrayFormat(.floats([1, 2.5, 3, 4]), shape: [2, 2], elementType: .float32)
        #expect(format.numpyString == "[[1.  2.5]\n [3.  4. ]]")
        #expect(format.jaxRepr == "Array([[1. , 2.5],\n       [3. , 4. ]], dtype=float32)")
    }
}
