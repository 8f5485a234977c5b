import XLAIR

/// The threefry2x32 block cipher (Salmon et al., "Parallel random numbers:
/// as easy as 1, 2, 3", 2011) with JAX's 20 rounds and key schedule, on
/// `uint32` tensors, so that it runs in-graph: the same bits eagerly, under
/// `jit` and in control flow.
enum Threefry {
    /// The rotation distances of the even and odd groups of four rounds.
    static let rotations = [[13, 15, 26, 6], [17, 29, 16, 24]]
    /// The key schedule's parity constant.
    static let parity: UInt32 = 0x1BD1_1BDA

    /// Encrypts the count pairs `(counts.0[i], counts.1[i])` with the key
    /// `(key.0, key.1)` (scalars or tensors that broadcast).
    static func hash(_ key: (Tensor, Tensor), _ counts: (Tensor, Tensor)) -> (Tensor, Tensor) {
        let schedule = [key.0, key.1, key.0 ^ key.1 ^ Tensor(parity)]
        var x = (counts.0 + schedule[0], counts.1 + schedule[1])
        for block in 0..<5 {
            for distance in rotations[block % 2] {
                x.0 = x.0 + x.1
                x.1 = x.0 ^ rotateLeft(x.1, by: distance)
            }
            x.0 = x.0 + schedule[(block + 1) % 3]
            x.1 = x.1 + schedule[(block + 2) % 3] + Tensor(UInt32(block + 1))
        }
        return x
    }

    /// JAX's `threefry_2x32(key, count)`: the flattened counts (padded with
    /// one 0 when their number is odd) split into a first and a second half
    /// that are encrypted as pairs; the two output halves, concatenated and
    /// unpadded, take the counts' shape.
    static func hash(_ key: (Tensor, Tensor), counts: Tensor) -> Tensor {
        let count = counts.size
        guard count > 0 else { return counts }
        var flat = counts.reshaped([count])
        if count % 2 == 1 { flat = concatenate([flat, Tensor([UInt32(0)], dtype: .uint32)]) }
        let half = (count + 1) / 2
        let (first, second) = hash(key, (flat[0..<half], flat[half..<(2 * half)]))
        var bits = concatenate([first, second])
        if count % 2 == 1 { bits = bits[0..<count] }
        return bits.reshaped(counts.shape)
    }

    /// `x` rotated left by `distance` bits.
    private static func rotateLeft(_ x: Tensor, by distance: Int) -> Tensor {
        (x << Tensor(UInt32(distance))) | (x >> Tensor(UInt32(32 - distance)))
    }

    /// `0, 1, 2, ...` as `uint32`, in `shape` (row-major), built in-graph.
    static func counter(_ shape: [Int]) -> Tensor {
        Random.range(shape.reduce(1, *), .uint32).reshaped(shape)
    }

    /// The partitionable scheme's counters for `shape`: the high and low
    /// words of each element's 64-bit row-major index (JAX's
    /// `iota_2x32_shape`; the high words are 0 below 2³² elements).
    static func wideCounter(_ shape: [Int]) -> (high: Tensor, low: Tensor) {
        (Tensor(UInt32(0)).broadcast(to: shape), counter(shape))
    }
}
