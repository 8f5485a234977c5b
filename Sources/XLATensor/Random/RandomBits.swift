import XLAIR

/// Uniformly random bits, as `jax.random.bits`: unsigned integers of
/// `bitWidth` bits (8, 16, 32, or 64 with ``Configuration/x64`` on) in
/// `shape`.
///
/// ```swift
/// let bits = randomBits(PRNGKey(0), bitWidth: 32, shape: [4])   // uint32[4]
/// ```
///
/// With ``Configuration/threefryPartitionable`` off (the default), the
/// threefry hash of the counts `0..<⌈bitWidth·size/32⌉` gives a stream of
/// 32-bit words: 64-bit values take their high word from the first half and
/// the low word from the second, 8- and 16-bit values cut each word from its
/// low bits up. On, element `i` is the hash `(a, b)` of the counter pair
/// `(0, i)`: `a ^ b` for 32 bits, truncated for 8 and 16, `a << 32 | b` for 64.
///
/// - Returns: the bits; a poisoned tensor for another width, a negative
///   size, 64 bits without x64, or a key that is not a single key.
public func randomBits(_ key: PRNGKey, bitWidth: Int = 32, shape: [Int] = [],
                       file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let dtype: ElementType? = switch bitWidth {
    case 8: .uint8
    case 16: .uint16
    case 32: .uint32
    case 64 where Configuration.x64: .uint64
    default: nil
    }
    guard let dtype else {
        let reason = bitWidth == 64 ? "64-bit random bits need 64-bit types (Configuration.withX64)"
                                    : "the bit width \(bitWidth) is not 8, 16, 32 or 64"
        return Tensor.invalid("randomBits", [key.data], reason, location: place, result: TensorType(.uint32, shape))
    }
    if let invalid = Random.check("randomBits", key, shape, result: dtype, location: place) { return invalid }
    return EagerProgram.run("bits", static: "\(bitWidth)\(shape)", key) { drawBits($0, bitWidth, shape) }
}

/// The bits of ``randomBits(_:bitWidth:shape:file:line:)`` for a checked
/// single key, in the current split mode.
func drawBits(_ key: PRNGKey, _ bitWidth: Int, _ shape: [Int]) -> Tensor {
    let dtype = Random.unsignedType(bits: bitWidth)
    guard case let .success(halves) = key.halves(for: "randomBits", location: nil) else {
        return .poisoned(key.data.error!, type: TensorType(dtype, shape))
    }
    let size = shape.reduce(1, *)
    if size == 0 { return Tensor.zeros(shape, dtype: dtype) }
    if Configuration.threefryPartitionable {
        let (a, b) = Threefry.hash(halves, Threefry.wideCounter(shape))
        switch bitWidth {
        case 64: return (a.converted(to: .uint64) << Tensor(UInt64(32))) | b.converted(to: .uint64)
        case 32: return a ^ b
        default: return (a ^ b).converted(to: dtype)
        }
    }
    let words = (bitWidth * size + 31) / 32
    let stream = Threefry.hash(halves, counts: Threefry.counter([words]))
    switch bitWidth {
    case 64:
        let high = stream[0..<size].converted(to: .uint64), low = stream[size..<(2 * size)].converted(to: .uint64)
        return ((high << Tensor(UInt64(32))) | low).reshaped(shape)
    case 32:
        return stream.reshaped(shape)
    default:
        let pieces = 32 / bitWidth
        let shifts = Threefry.counter([1, pieces]) * Tensor(UInt32(bitWidth))
        let mask = Tensor(UInt32((1 << bitWidth) - 1))
        let cut = ((stream.reshaped([words, 1]) >> shifts) & mask).reshaped([words * pieces])
        return cut[0..<size].converted(to: dtype).reshaped(shape)
    }
}
