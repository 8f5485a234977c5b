import Foundation
import NumericsSupport
import Haiku

/// Decodes `Fixtures/<name>.json` beside these tests (see ``FixtureFiles``),
/// written by `Scripts/fixtures/<name>.py`; `T` names the groups it needs.
func loadFixture<T: Decodable>(_ name: String, as _: T.Type = T.self) throws -> T {
    let url = FixtureFiles.url("\(name).json")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// `Fixtures/<name>.json` as a ``FixtureValue``, for a suite's static
/// fixture; a file that does not decode stops the tests, naming it.
func fixtureFile(_ name: String) -> FixtureValue {
    do { return try loadFixture(name, as: FixtureValue.self) } catch {
        fatalError("Fixtures/\(name).json does not decode: \(error)")
    }
}

/// A tensor as the fixture scripts write it: shape, dtype name and values
/// (nested row-major lists, or a bare number for a scalar; non-finite
/// floats as `"nan"`, `"inf"`, `"-inf"`; booleans as `true`/`false`).
struct FixtureTensor: Decodable, Sendable {
    let shape: [Int]
    let dtype: ElementType
    /// The values, flattened row-major.
    let values: [Double]

    private enum CodingKeys: String, CodingKey { case shape, dtype, values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        shape = try container.decode([Int].self, forKey: .shape)
        let name = try container.decode(String.self, forKey: .dtype)
        guard let dtype = ElementType.allCases.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorruptedError(forKey: .dtype, in: container, debugDescription: "unknown dtype \(name)")
        }
        self.dtype = dtype
        values = try container.decode(Numbers.self, forKey: .values).flattened
    }

    /// The float32 bit patterns of the values.
    var float32Bits: [UInt32] { values.map { Float($0).bitPattern } }

    /// The tensor itself.
    var tensor: Tensor { Tensor(values, shape: shape, dtype: dtype) }

    /// A number or a nested list of numbers.
    private indirect enum Numbers: Decodable {
        case number(Double)
        case list([Numbers])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Numbers].self) {
                self = .list(list)
            } else if let flag = try? container.decode(Bool.self) {
                self = .number(flag ? 1 : 0)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                let spelled = try container.decode(String.self)
                guard let number = ["nan": Double.nan, "inf": .infinity, "-inf": -.infinity][spelled] else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(spelled)")
                }
                self = .number(number)
            }
        }

        var flattened: [Double] {
            switch self {
            case let .number(number): [number]
            case let .list(list): list.flatMap(\.flattened)
            }
        }
    }
}
