import Foundation
import Haiku
import NumericsSupport
import Testing

/// A value of `Fixtures/haiku_core.json` (written by
/// `Scripts/fixtures/haiku_core.py` from real Haiku): any JSON value, read
/// with subscripts and typed accessors; tensors decode with
/// ``FixtureTensor``, the file with ``loadFixture(_:as:)`` (both in
/// FixtureLoading.swift). A missing key or a value of the wrong kind
/// records an issue in the running test (so the test fails) and reads as
/// an empty value.
///
/// ```swift
/// let c = HaikuFixtures.core["mlp"]["mlp_3_4_2"]
/// c["output"].expectTensor(output, "output")
/// ```
enum FixtureValue: Decodable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FixtureValue])
    case object([String: FixtureValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([FixtureValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: FixtureValue].self)) }
    }

    var description: String {
        switch self {
        case .null: "null"
        case let .bool(value): "\(value)"
        case let .number(value): "\(value)"
        case let .string(value): "\"\(value)\""
        case let .array(values): "[\(values.map(\.description).joined(separator: ", "))]"
        case let .object(values): "{\(values.keys.sorted().map { "\($0): \(values[$0]!)" }.joined(separator: ", "))}"
        }
    }

    // MARK: Navigation

    /// The member `key` of an object.
    subscript(_ key: String) -> FixtureValue {
        guard case let .object(members) = self, let value = members[key] else {
            Issue.record("fixture has no key '\(key)'")
            return .null
        }
        return value
    }

    /// Element `index` of an array.
    subscript(_ index: Int) -> FixtureValue {
        guard case let .array(values) = self, values.indices.contains(index) else {
            Issue.record("fixture has no element \(index)")
            return .null
        }
        return values[index]
    }

    /// An object's keys, sorted.
    var keys: [String] {
        guard case let .object(members) = self else { Issue.record("fixture value is not an object"); return [] }
        return members.keys.sorted()
    }

    /// An array's elements.
    var array: [FixtureValue] {
        guard case let .array(values) = self else { Issue.record("fixture value is not an array"); return [] }
        return values
    }

    // MARK: Scalars

    var string: String {
        guard case let .string(value) = self else { Issue.record("fixture value \(self) is not a string"); return "" }
        return value
    }

    var bool: Bool {
        guard case let .bool(value) = self else { Issue.record("fixture value \(self) is not a bool"); return false }
        return value
    }

    var double: Double {
        guard case let .number(value) = self else { Issue.record("fixture value \(self) is not a number"); return .nan }
        return value
    }

    var int: Int { Int(exactly: double) ?? { Issue.record("fixture value \(self) is not an integer"); return 0 }() }

    var strings: [String] { array.map(\.string) }
    var ints: [Int] { array.map(\.int) }
    var bools: [Bool] { array.map(\.bool) }

    // MARK: Tensors ({"shape", "dtype", "values"})

    /// An encoded tensor, decoded by ``FixtureTensor`` (FixtureLoading.swift).
    var fixtureTensor: FixtureTensor {
        do {
            return try JSONDecoder().decode(FixtureTensor.self, from: JSONEncoder().encode(self))
        } catch {
            Issue.record("fixture value is not a tensor: \(error)")
            return try! JSONDecoder().decode(FixtureTensor.self, from: Data(#"{"shape":[0],"dtype":"float32","values":[]}"#.utf8))
        }
    }

    /// The encoded tensor as a tensor, to feed the same inputs Python used.
    var tensor: Tensor { fixtureTensor.tensor }

    /// The values of an encoded tensor as float32, row-major.
    var floats: [Float] { fixtureTensor.values.map { Float($0) } }

    /// The fixture's sorted `[["module/name", shape], ...]` list as a dictionary.
    var nameShapes: [String: [Int]] {
        var result: [String: [Int]] = [:]
        for entry in array { result[entry[0].string] = entry[1].ints }
        return result
    }

    // MARK: Comparisons

    /// Checks `tensor` against this encoded tensor: dtype, shape and the
    /// values (floats compared bit for bit as float32, or as bfloat16).
    func expectTensor(_ tensor: Tensor, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = fixtureTensor
        #expect(tensor.dtype == expected.dtype, "\(label): dtype", sourceLocation: sourceLocation)
        #expect(tensor.shape == expected.shape, "\(label): shape", sourceLocation: sourceLocation)
        do {
            switch expected.dtype {
            case .float32:
                let got = try tensor.scalars(as: Float.self)
                #expect(got.map(\.bitPattern) == expected.float32Bits,
                        "\(label): float32 bits differ: expected \(expected.values.map { Float($0) }), got \(got)",
                        sourceLocation: sourceLocation)
            case .bfloat16:
                let got = try tensor.scalars(as: BFloat16.self).map(\.bitPattern)
                #expect(got == expected.values.map { BFloat16(Float($0)).bitPattern }, "\(label): bfloat16 values",
                        sourceLocation: sourceLocation)
            case .uint32:
                #expect(try tensor.scalars(as: UInt32.self).map(Double.init) == expected.values,
                        "\(label): uint32 values", sourceLocation: sourceLocation)
            case .int32:
                #expect(try tensor.scalars(as: Int32.self).map(Double.init) == expected.values,
                        "\(label): int32 values", sourceLocation: sourceLocation)
            case .bool:
                #expect(try tensor.scalars(as: Bool.self).map { $0 ? 1.0 : 0.0 } == expected.values,
                        "\(label): bool values", sourceLocation: sourceLocation)
            default:
                Issue.record("\(label): fixture dtype \(expected.dtype) is not supported", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(label): reading the tensor threw \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Checks float32 `tensor`, the result of a contraction, against this
    /// encoded tensor (``FixtureTensor/expectContraction(_:_:tolerance:magnitudes:sourceLocation:)``).
    func expectContraction(_ tensor: Tensor, _ label: String, tolerance: ContractionTolerance, magnitudes: Tensor,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        fixtureTensor.expectContraction(tensor, label, tolerance: tolerance, magnitudes: magnitudes,
                                        sourceLocation: sourceLocation)
    }

    /// Checks a parameter (or state) bundle against this
    /// `{module: {name: {"shape", "dtype", "values" (flat)}}}`: the same
    /// modules and names, and every value bit for bit.
    func expectBundles(
        _ bundles: Params, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expectedNames = keys.flatMap { module in self[module].keys.map { "\(module)/\($0)" } }.sorted()
        let names = bundles.flatMap { module, values in values.keys.map { "\(module)/\($0)" } }.sorted()
        #expect(names == expectedNames, "\(label): names", sourceLocation: sourceLocation)
        for module in keys {
            for name in self[module].keys {
                guard let value = bundles[module]?[name] else { continue }
                self[module][name].expectTensor(value, "\(label) \(module)/\(name)", sourceLocation: sourceLocation)
            }
        }
    }
}

extension FixtureValue: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(values): try container.encode(values)
        case let .object(members): try container.encode(members)
        }
    }
}

/// The Haiku fixtures, decoded once with ``loadFixture(_:as:)``.
enum HaikuFixtures {
    /// `Tests/HaikuTests/Fixtures/haiku_core.json` (Scripts/fixtures/haiku_core.py).
    static let core: FixtureValue = fixtureFile("haiku_core")

    /// `"module/name" → shape` of every value of a bundle.
    static func nameShapes(_ bundles: Params) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for (module, values) in bundles { for (name, value) in values { result["\(module)/\(name)"] = value.shape } }
        return result
    }
}

/// A fixture case's `args` object (Swift-named module arguments): the
/// shared readers; each module family's fixtures add their own in an
/// extension, with Haiku's defaults for the arguments left out.
struct FixtureArguments {
    let members: [String: FixtureValue]

    init(_ args: FixtureValue) {
        guard case let .object(members) = args else { fatalError("args must be an object") }
        self.members = members
    }

    func int(_ key: String) -> Int { members[key]?.int ?? 0 }
    func bool(_ key: String, default value: Bool = false) -> Bool { members[key]?.bool ?? value }
    /// The data format, if the case gives one.
    var dataFormat: DataFormat? { members["dataFormat"].map { DataFormat($0.string) } }
}
