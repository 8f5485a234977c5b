import Foundation
import XLATensor

/// `Fixtures/windows.json`, written by `Scripts/fixtures/windows.py`.
struct WindowFixtures: Decodable, Sendable {
    /// One `lax.reduce_window` configuration over one input, with each
    /// kind's value and the VJP of `sum(y * w)` (nil where JAX has no rule).
    struct WindowGroup: Decodable, Sendable {
        struct Result: Decodable, Sendable {
            let kind: String
            let y: BitArray
            let vjp: BitArray?
        }

        let window: [Int]
        let strides: [Int]
        /// "SAME", "VALID", or explicit pairs.
        let padding: PaddingSpec
        let baseDilation: [Int]?
        let windowDilation: [Int]?
        let x: BitArray
        let w: BitArray
        let results: [Result]
    }

    /// A padding as the fixture spells it.
    enum PaddingSpec: Decodable, Sendable, CustomStringConvertible {
        case named(String), pairs([[Int]])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) { self = .named(name) } else {
                self = .pairs(try container.decode([[Int]].self))
            }
        }

        /// The Swift padding.
        var padding: Padding {
            switch self {
            case .named(let name): name == "SAME" ? .same : .valid
            case .pairs(let pairs): .explicit(pairs.map { Padding.Pair($0[0], $0[1]) })
            }
        }

        var description: String {
            switch self {
            case .named(let name): name
            case .pairs(let pairs): "\(pairs)"
            }
        }
    }

    /// An `hk.max_pool` over NHWC with square windows.
    struct MaxPoolCase: Decodable, Sendable {
        let name: String
        let window: Int
        let stride: Int
        let padding: String
        let x: BitArray
        let y: BitArray
        let gradSum: BitArray
        let w: BitArray
        let gradWeighted: BitArray
    }

    /// Cumulative reductions of two shared inputs, and integer ones.
    struct Cumulative: Decodable, Sendable {
        /// One op, input, axis and direction: the value and the VJP of
        /// `sum(y * w)`, `w` the input's weights reshaped to `y`.
        struct Case: Decodable, Sendable {
            let name: String
            let data: String
            let axis: Int?
            let reverse: Bool
            let y: BitArray
            let vjp: BitArray?
        }

        /// `jnp.cumsum`/`jnp.cumprod` of `bool` and integer arrays.
        struct IntegerCase: Decodable, Sendable {
            let name: String
            let axis: Int?
            let x: BitArray
            let y: BitArray
        }

        let inputs: [String: BitArray]
        let weights: [String: BitArray]
        let cases: [Case]
        let integers: [IntegerCase]
    }

    let reduceWindow: [WindowGroup]
    let maxPool: [MaxPoolCase]
    let cumulative: Cumulative

    /// The file, decoded once.
    static let shared: WindowFixtures = loadFixture("windows")
}
