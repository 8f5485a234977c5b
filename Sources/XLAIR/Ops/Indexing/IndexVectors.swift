/// Shape arithmetic of index vectors, shared by gather and scatter, their
/// rules and the `Tensor` layer's out-of-bounds modes.
public enum IndexVectors {
    /// The indices' dimensions other than the index vector dimension.
    static func batchDimensions(rank: Int, indexVectorDim: Int) -> [Int] {
        (0..<rank).filter { $0 != indexVectorDim }
    }

    /// How many components each index vector has.
    static func vectorSize(_ indices: [Int], indexVectorDim: Int) -> Int {
        indexVectorDim < indices.count ? indices[indexVectorDim] : 1
    }

    /// Two lists of sizes interleaved: positions in `placed` (sorted) take `placedSizes`
    /// in order, the others take `otherSizes` in order.
    static func interleave(placed: [Int], placedSizes: [Int], otherSizes: [Int]) -> [Int] {
        var (placedIterator, otherIterator) = (placedSizes.makeIterator(), otherSizes.makeIterator())
        return (0..<(placedSizes.count + otherSizes.count)).map { dimension in
            (placed.contains(dimension) ? placedIterator.next() : otherIterator.next()) ?? 0
        }
    }

    /// For each index vector component, the largest start along its
    /// operand dimension (`map`) from which a block of `sliceSizes` fits
    /// inside `operandShape`: a block fits when every component is between
    /// 0 and this (JAX's test for `fill`/`drop`, and where `clip` clamps).
    public static func largestStarts(operandShape: [Int], sliceSizes: [Int], map: [Int]) -> [Int] {
        map.map { operandShape[$0] - sliceSizes[$0] }
    }
}
