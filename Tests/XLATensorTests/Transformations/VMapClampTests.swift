import Testing
@testable import XLATensor
import XLAIR

/// `clamp` (not used by the Tensor API, which clips with maximum/minimum)
/// batches with scalar and full-shape bounds.
@Suite struct VMapClampTests {
    func clamp(_ low: Tensor, _ x: Tensor, _ high: Tensor) -> Tensor {
        Tensor.apply(.clamp, [low, x, high], fallback: x.type)
    }

    @Test func scalarAndBatchedBounds() throws {
        let xs = Tensor([[-2.0, 0.5, 3], [1, -1, 0.25]])
        let shared = vmap({ (x: Tensor) in self.clamp(Tensor(Float(-1)), x, Tensor(Float(1))) })(xs)
        #expect(try shared.scalars(as: Float.self) == [-1, 0.5, 1, 1, -1, 0.25])
        let highs = Tensor([Float(0.25), 2])
        let batchedBound = vmap({ (p: [Tensor]) in self.clamp(Tensor(Float(-1)), p[0], p[1]) })([xs, highs])
        #expect(try batchedBound.scalars(as: Float.self) == [-1, 0.25, 0.25, 1, -1, 0.25])
    }
}
