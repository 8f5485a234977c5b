/// The numbers of input and output units of a weight shape, as Haiku's
/// `_compute_fans` counts them.
struct Fans {
    /// The input units.
    let fanIn: Int
    /// The output units.
    let fanOut: Int

    /// The units of `shape`: 1 and 1 for a scalar, `n` and `n` for a vector
    /// of `n`, the two dimensions of a matrix, and for rank 3 and more the
    /// last two dimensions times the receptive field (the product of the
    /// others), or the products of `fanInAxes` and of the other axes.
    /// Nil when an axis of `fanInAxes` is out of range.
    init?(_ shape: [Int], fanInAxes: [Int]?) {
        switch shape.count {
        case 0: (fanIn, fanOut) = (1, 1)
        case 1: (fanIn, fanOut) = (shape[0], shape[0])
        case 2: (fanIn, fanOut) = (shape[0], shape[1])
        default:
            if let fanInAxes {
                let axes = fanInAxes.map { $0 < 0 ? $0 + shape.count : $0 }
                guard axes.allSatisfy(shape.indices.contains) else { return nil }
                fanIn = axes.map { shape[$0] }.reduce(1, *)
                fanOut = shape.indices.filter { !axes.contains($0) }.map { shape[$0] }.reduce(1, *)
            } else {
                let receptiveField = shape.dropLast(2).reduce(1, *)
                (fanIn, fanOut) = (shape[shape.count - 2] * receptiveField, shape[shape.count - 1] * receptiveField)
            }
        }
    }

    /// The units `mode` counts: the input, the output or their mean.
    func units(_ mode: VarianceScaling.Mode) -> Double {
        switch mode {
        case .fanIn: Double(fanIn)
        case .fanOut: Double(fanOut)
        case .fanAvg: Double(fanIn + fanOut) / 2
        }
    }
}
