import Foundation
import XLATensor

/// An array of `Fixtures/windows.json`: dtype, shape and each element's
/// bit pattern.
struct BitsArray: Decodable, Sendable {
    let dtype: String
    let shape: [Int]
    let bits: [UInt64]

    /// The array as a tensor.
    var tensor: Tensor {
        let type = ElementType.allCases.first { $0.name == dtype } ?? .float32
        return Tensor(bytes: bytes(width: type.byteCount), dtype: type, shape: shape)
    }

    /// The elements' little-endian bytes.
    func bytes(width: Int) -> [UInt8] {
        bits.flatMap { value in (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }

    /// Whether `tensor` has this dtype, shape and exactly these bits.
    func matches(_ tensor: Tensor) throws -> Bool {
        let type = ElementType.allCases.first { $0.name == dtype }
        let actual = try tensor.bytes()
        return tensor.dtype == type && tensor.shape == shape && actual == bytes(width: tensor.dtype.byteCount)
    }

    /// Whether `tensor` is within a relative tolerance of this float32 array.
    func isClose(to tensor: Tensor, tolerance: Float = 2e-6) throws -> Bool {
        let expected = bits.map { Float(bitPattern: UInt32($0)) }
        let actual = try tensor.scalars(as: Float.self)
        return tensor.shape == shape && zip(expected, actual).allSatisfy { a, b in
            a == b || abs(a - b) <= tolerance * Swift.max(1, abs(a))
        }
    }
}

/// `Fixtures/windows.json`, written by `Scripts/fixtures/windows.py`.
struct WindowFixtures: Decodable, Sendable {
    /// One `lax.reduce_window` configuration over one input, with each
    /// kind's value and the VJP of `sum(y * w)` (nil where JAX has no rule).
    struct WindowGroup: Decodable, Sendable {
        struct Result: Decodable, Sendable {
            let kind: String
            let y: BitsArray
            let vjp: BitsArray?
        }

        let window: [Int]
        let strides: [Int]
        /// "SAME", "VALID", or explicit pairs.
        let padding: PaddingSpec
        let baseDilation: [Int]?
        let windowDilation: [Int]?
        let x: BitsArray
        let w: BitsArray
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
        let x: BitsArray
        let y: BitsArray
        let gradSum: BitsArray
        let w: BitsArray
        let gradWeighted: BitsArray
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
            let y: BitsArray
            let vjp: BitsArray?
        }

        /// `jnp.cumsum`/`jnp.cumprod` of `bool` and integer arrays.
        struct IntegerCase: Decodable, Sendable {
            let name: String
            let axis: Int?
            let x: BitsArray
            let y: BitsArray
        }

        let inputs: [String: BitsArray]
        let weights: [String: BitsArray]
        let cases: [Case]
        let integers: [IntegerCase]
    }

    let reduceWindow: [WindowGroup]
    let maxPool: [MaxPoolCase]
    let cumulative: Cumulative

    /// The file, decoded once.
    static let shared: WindowFixtures = loadFixture("windows")
}
