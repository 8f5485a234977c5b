import Foundation
import Testing
import XLATensor

/// `Fixtures/indexing.json`, written by `Scripts/fixtures/indexing.py`
/// (jax 0.11.2, under jit, x64 off).
struct IndexingFixture: Decodable {
    /// A row-major array.
    struct Array: Decodable, Sendable {
        let shape: [Int]
        let dtype: String
        let values: [Double]

        /// The array as a tensor of its dtype.
        var tensor: Tensor {
            dtype == "float32" ? Tensor(values.map { Float($0) }, shape: shape) : Tensor(values.map { Int32($0) }, shape: shape)
        }
    }

    /// One index entry.
    enum Item: Decodable, Sendable {
        case int(Int), slice(Int?, Int?, Int), newAxis, ellipsis, array(Array)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let word = try? container.decode(String.self) {
                self = word == "newaxis" ? .newAxis : .ellipsis
                return
            }
            let entry = try container.decode([String: Entry].self)
            switch entry.first {
            case let ("int", .int(value))?: self = .int(value)
            case let ("slice", .slice(bounds))?: self = .slice(bounds[0], bounds[1], bounds[2] ?? 1)
            case let ("array", .array(array))?: self = .array(array)
            default: throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad index item"))
            }
        }

        enum Entry: Decodable {
            case int(Int), slice([Int?]), array(Array)

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(Int.self) { self = .int(value) }
                else if let value = try? container.decode([Int?].self) { self = .slice(value) }
                else { self = .array(try container.decode(Array.self)) }
            }
        }

        var index: TensorIndex {
            switch self {
            case let .int(value): .at(value)
            case let .slice(start, stop, step): .slice(start: start, stop: stop, step: step)
            case .newAxis: .newAxis
            case .ellipsis: .ellipsis
            case let .array(array): .array(array.tensor)
            }
        }
    }

    struct IndexCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let x: Array
        let index: [Item]
        let mode: String?
        let fill: Double?
        let expected: Array
        var testDescription: String { name }
    }

    struct TakeCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let x: Array
        let indices: Array
        let axis: Int?
        let mode: String?
        let expected: Array
        var testDescription: String { name }
    }

    struct UpdateCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let x: Array
        let index: [Item]
        let value: Array
        let method: String
        let mode: String?
        let expected: Array
        var testDescription: String { name }
    }

    struct GradCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let x: Array
        let u: Array
        let w: Array
        let dx: Array?
        let du: Array?
        var testDescription: String { name }
    }

    let jax: String
    let indexing: [IndexCase]
    let get: [IndexCase]
    let take: [TakeCase]
    let takeAlongAxis: [TakeCase]
    let updates: [UpdateCase]
    let grads: [GradCase]

    static let shared: IndexingFixture = loadFixture("indexing", nonFiniteStrings: true)

    /// JAX's mode string as a ``GatherScatterMode``; nil for JAX's default.
    static func mode(_ name: String?) -> GatherScatterMode? {
        switch name {
        case "clip": .clip
        case "fill": .fill
        case "drop": .drop
        case "promise_in_bounds": .promiseInBounds
        default: nil
        }
    }

    /// Checks a tensor against an expected array: shape, dtype, and values
    /// exactly (NaN equal to NaN) or within `tolerance`.
    static func expect(_ tensor: Tensor, _ expected: Array, tolerance: Double = 0, _ context: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tensor.shape == expected.shape, "\(context): shape \(tensor.shape), expected \(expected.shape)",
                sourceLocation: sourceLocation)
        do {
            let values: [Double] = expected.dtype == "float32"
                ? try tensor.scalars(as: Float.self).map(Double.init) : try tensor.scalars(as: Int32.self).map(Double.init)
            let same = values.count == expected.values.count && zip(values, expected.values).allSatisfy { got, want in
                (got.isNaN && want.isNaN) || abs(got - want) <= tolerance * Swift.max(1, abs(want))
            }
            #expect(same, "\(context): got \(values), expected \(expected.values)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(context): \(error)", sourceLocation: sourceLocation)
        }
    }
}
