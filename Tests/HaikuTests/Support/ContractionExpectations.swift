import Haiku
import NumericsSupport
import Testing

extension FixtureTensor {
    /// Checks float32 `tensor`, the result of a contraction, against these
    /// values within `tolerance` of `magnitudes` (one per element, or a
    /// scalar): see Docs/Architecture.md, "Numerics policy for tests".
    func expectContraction(_ tensor: Tensor, _ label: String, tolerance: ContractionTolerance, magnitudes: Tensor,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tensor.dtype == .float32 && dtype == .float32, "\(label): dtype", sourceLocation: sourceLocation)
        #expect(tensor.shape == shape, "\(label): shape", sourceLocation: sourceLocation)
        do {
            let closeness = try tolerance.compare(tensor.scalars(as: Float.self), values.map { Float($0) },
                                                  magnitudes: magnitudes.scalars(as: Float.self))
            #expect(closeness.isClose, "\(label): \(closeness)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(label): reading the tensor threw \(error)", sourceLocation: sourceLocation)
        }
    }
}
