import Foundation
import NumericsSupport

/// Decodes `Fixtures/<name>.json` beside these tests (see ``FixtureFiles``),
/// written by a script in `Scripts/fixtures`. With `nonFiniteStrings`, floats spelled `"nan"`,
/// `"inf"` and `"-inf"` decode as such.
func loadFixture<T: Decodable>(_ name: String, as _: T.Type = T.self, nonFiniteStrings: Bool = false) -> T {
    let url = FixtureFiles.url("\(name).json")
    let decoder = JSONDecoder()
    if nonFiniteStrings {
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }
    do {
        return try decoder.decode(T.self, from: Data(contentsOf: url))
    } catch {
        fatalError("Fixtures/\(name).json does not decode: \(error)")
    }
}

/// A fixture parameter: a number, bool, list of numbers, string or null.
enum FixtureParameter: Decodable, Sendable {
    case number(Double), bool(Bool), numbers([Double]), string(String), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode([Double].self) { self = .numbers(value) }
        else { self = .string(try container.decode(String.self)) }
    }

    /// The number, or NaN.
    var double: Double { if case let .number(value) = self { value } else { .nan } }
    /// The number as an integer.
    var int: Int { Int(double) }
    /// The bool, or false.
    var bool: Bool { if case let .bool(value) = self { value } else { false } }
    /// The list as integers, or nil.
    var ints: [Int]? { if case let .numbers(values) = self { values.map { Int($0) } } else { nil } }
    /// The list as floats, or nil.
    var floats: [Float]? { if case let .numbers(values) = self { values.map { Float($0) } } else { nil } }
}
