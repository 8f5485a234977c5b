/// Copies the elements of one tile between a row-major array and a
/// row-major shard: the shard of `shardShape` starting at `origin` in the
/// array of `shape`. Shard elements past the array's end are padding: zero
/// when scattering into the shard, skipped when gathering from it.
struct TileCopy {
    let shape: [Int]
    let shardShape: [Int]
    let origin: [Int]
    let elementSize: Int

    /// The shard's bytes cut from `array` (zeros where it hangs past the end).
    func shard(of array: [UInt8]) -> [UInt8] {
        var shard = [UInt8](repeating: 0, count: shardShape.reduce(elementSize, *))
        forEachRun { arrayOffset, shardOffset, count in
            shard.replaceSubrange(shardOffset..<shardOffset + count, with: array[arrayOffset..<arrayOffset + count])
        }
        return shard
    }

    /// Writes the shard's elements that lie inside the array into `array`.
    func gather(_ shard: [UInt8], into array: inout [UInt8]) {
        forEachRun { arrayOffset, shardOffset, count in
            array.replaceSubrange(arrayOffset..<arrayOffset + count, with: shard[shardOffset..<shardOffset + count])
        }
    }

    /// Calls `body(arrayByteOffset, shardByteOffset, byteCount)` for each
    /// contiguous run of the tile inside the array (one per row of the last
    /// dimension).
    private func forEachRun(_ body: (Int, Int, Int) -> Void) {
        let rank = shape.count
        guard rank > 0 else {
            body(0, 0, elementSize)
            return
        }
        let rowLength = min(shardShape[rank - 1], shape[rank - 1] - origin[rank - 1])
        guard rowLength > 0, !shardShape.contains(0) else { return }
        let rows = shardShape.dropLast().reduce(1, *)
        var index = [Int](repeating: 0, count: rank - 1)
        for row in 0..<rows {
            if zip(zip(index, origin), shape).allSatisfy({ $0.0 + $0.1 < $1 }) {
                var arrayOffset = 0
                for dimension in 0..<rank - 1 { arrayOffset = arrayOffset * shape[dimension] + index[dimension] + origin[dimension] }
                arrayOffset = arrayOffset * shape[rank - 1] + origin[rank - 1]
                body(arrayOffset * elementSize, row * shardShape[rank - 1] * elementSize, rowLength * elementSize)
            }
            for dimension in (0..<rank - 1).reversed() {
                index[dimension] += 1
                if index[dimension] < shardShape[dimension] { break }
                index[dimension] = 0
            }
        }
    }
}
