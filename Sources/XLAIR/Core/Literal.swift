/// A dense constant tensor: a type and its elements' bytes, row-major and
/// little-endian, exactly as a device buffer holds them.
///
/// Storing bytes keeps every value exact (NaN payloads, negative zero,
/// 64-bit integers) and makes emission a hex dump.
public struct Literal: Hashable, Sendable {
    /// The tensor type.
    public let type: TensorType
    /// The elements' bytes: `type.byteCount` of them.
    public let bytes: [UInt8]

    /// Creates a literal from raw bytes; their count must be `type.byteCount`.
    public init(type: TensorType, bytes: [UInt8]) {
        precondition(bytes.count == type.byteCount, "a \(type) literal needs \(type.byteCount) bytes, not \(bytes.count)")
        self.type = type
        self.bytes = bytes
    }

    /// Creates a literal from Swift values, row-major; `values.count` must
    /// equal the shape's element count.
    public init<T: HostElement>(_ values: [T], shape: [Int]) {
        let type = TensorType(T.elementType, shape)
        self.init(type: type, bytes: values.withUnsafeBytes { Array($0) })
    }

    /// Creates a scalar literal.
    public init<T: HostElement>(scalar value: T) {
        self.init([value], shape: [])
    }

    /// Creates a literal from the raw bits of each element (low bits used).
    public init(type: TensorType, bitPatterns: [UInt64]) {
        precondition(bitPatterns.count == type.elementCount,
                     "a \(type) literal needs \(type.elementCount) elements, not \(bitPatterns.count)")
        self.init(type: type) { bitPatterns[$0] }
    }

    /// Creates a literal whose element at each row-major index has the raw
    /// bits `bitPattern(index)` (low bits used), written straight into the
    /// literal's bytes: `type.byteCount` of them, the element's own width
    /// each, with nothing staged in between.
    public init(type: TensorType, bitPattern: (Int) -> UInt64) {
        let width = type.elementType.byteCount
        let count = type.elementCount
        let bytes = [UInt8](unsafeUninitializedCapacity: count * width) { storage, initialized in
            for index in 0..<count {
                let bits = bitPattern(index)
                for byte in 0..<width {
                    storage[index * width + byte] = UInt8(truncatingIfNeeded: bits >> UInt64(8 * byte))
                }
            }
            initialized = count * width
        }
        self.init(type: type, bytes: bytes)
    }

    /// A literal of `type` whose elements all equal `scalar` converted to
    /// the element type.
    public static func splat(_ scalar: Scalar, as type: TensorType) -> Literal {
        let bits = scalar.bits(as: type.elementType)
        return Literal(type: type) { _ in bits }
    }

    /// The number of elements.
    public var elementCount: Int { type.elementCount }

    /// The raw bits of the element at a row-major index, zero-extended.
    public func bitPattern(at index: Int) -> UInt64 {
        let width = type.elementType.byteCount
        var bits: UInt64 = 0
        for byte in (0..<width).reversed() {
            bits = bits << 8 | UInt64(bytes[index * width + byte])
        }
        return bits
    }

    /// Every element's raw bits, row-major.
    public var bitPatterns: [UInt64] { (0..<elementCount).map(bitPattern(at:)) }

    /// The element at a row-major index.
    public func scalar(at index: Int) -> Scalar {
        Scalar(bits: bitPattern(at: index), as: type.elementType)
    }

    /// Whether there is at least one element and all are bitwise equal.
    public var isSplat: Bool {
        let width = type.elementType.byteCount
        guard elementCount > 0 else { return false }
        for index in 1..<max(elementCount, 1) where bytes[index * width..<(index + 1) * width] != bytes[0..<width] {
            return false
        }
        return true
    }
}
