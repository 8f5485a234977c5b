import XLATensor

/// A fixture array as dtype, shape and each element's bit pattern
/// (`encode_bits` in `Scripts/fixtures/fixture_json.py`), so that JAX's
/// values, NaN payloads and signed zeros included, are compared exactly.
struct BitArray: Decodable, Sendable {
    let dtype: String
    let shape: [Int]
    let bits: [UInt64]

    /// The element type named by `dtype`, if the tests know it.
    var elementType: ElementType? { ElementType.allCases.first { $0.name == dtype } }

    /// The array as a tensor of exactly these bits.
    func tensor() throws -> Tensor {
        guard let type = elementType else { throw FixtureDTypeError(dtype: dtype) }
        return Tensor(bytes: bytes(width: type.byteCount), dtype: type, shape: shape)
    }

    /// The elements' little-endian bytes.
    func bytes(width: Int) -> [UInt8] {
        bits.flatMap { value in (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }

    /// The elements as float32 values (for tolerances).
    var floats: [Float] { bits.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) } }

    /// Whether `tensor` has this dtype, shape and exactly these bits.
    func matches(_ tensor: Tensor) throws -> Bool {
        let actual = try tensor.bytes()
        return tensor.dtype == elementType && tensor.shape == shape && actual == bytes(width: tensor.dtype.byteCount)
    }

    /// Whether `tensor` is within a relative tolerance of this float32 array.
    func isClose(to tensor: Tensor, tolerance: Float = 2e-6) throws -> Bool {
        let actual = try tensor.scalars(as: Float.self)
        return tensor.shape == shape && zip(floats, actual).allSatisfy { a, b in
            a == b || abs(a - b) <= tolerance * Swift.max(1, abs(a))
        }
    }
}

/// A fixture dtype the tests do not read.
struct FixtureDTypeError: Error { let dtype: String }
