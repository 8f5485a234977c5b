import NumericsSupport
import XLATensor

/// The tolerance of a multilinear function of float operands (an einsum,
/// a convolution, or their pullbacks, linear in the cotangent) compared
/// with JAX's, derived as `ContractionTolerance` describes.
///
/// Each output element sums at most N products, N read off the function
/// of all-ones operands; JAX and we reach it in at most one contraction
/// step per operand (pairwise `dot_general`s, convolutions and
/// reductions), each of length at most N, so the length is
/// `operands.count · N`. The magnitudes are the function of the operands'
/// absolute values.
struct MultilinearBound {
    /// The tolerance for every output of the function.
    let tolerance: ContractionTolerance
    /// Each output's magnitudes, in the function's output order.
    let magnitudes: [Tensor]

    /// The bound of `function` at `operands`; `orderMatchesJAX` says
    /// whether we contract in JAX's order (see
    /// ``ContractionTolerance/orderMatchesReference``).
    init(_ function: ([Tensor]) -> [Tensor], _ operands: [Tensor], orderMatchesJAX: Bool) throws {
        let terms = try function(operands.map { Tensor.ones($0.shape) })
            .flatMap { try $0.scalars(as: Float.self) }.max() ?? 1
        tolerance = ContractionTolerance(length: operands.count * Swift.max(1, Int(terms)),
                                         orderMatchesReference: orderMatchesJAX)
        magnitudes = function(operands.map { abs($0) })
    }
}
