import Foundation
import Testing
import XLATensor

/// lower, evalShape and the tree utilities.
@Suite struct TransformationUtilityTests {
    @Test func lowerGivesIRAndStableHLOWithoutCompiling() throws {
        let f = jit { (x: Tensor, y: Tensor) in tanh(matmul(x, y)) }
        let lowered = try f.lower(Tensor.zeros([2, 3]), Tensor.zeros([3, 4]))
        #expect(f.compiledCount == 0)
        #expect(lowered.program.functions.first?.type.results == [TensorType(.float32, [2, 4])])
        #expect(lowered.irText.contains("dot_general"))
        let text = try lowered.stableHLO()
        #expect(text.contains("func.func public @main"))
        #expect(text.contains("stablehlo.tanh"))
    }

    @Test func standardPassesRemoveDeadAndDuplicateWork() throws {
        let f = jit { (x: Tensor) -> Tensor in
            _ = exp(x)                   // dead
            return tanh(x) + tanh(x)     // one tanh after CSE
        }
        let text = try f.lower(Tensor([1.0])).irText
        #expect(!text.contains("exp"))
        #expect(text.components(separatedBy: "tanh").count - 1 == 1)
    }

    @Test func evalShapeTracesWithoutRunning() throws {
        let out = try evalShape({ (x: Tensor, y: Tensor) -> [String: Tensor] in
            ["product": matmul(x, y), "count": x.sum().converted(to: .int32)]
        }, Tensor.zeros([5, 2]), Tensor.zeros([2, 7]))
        #expect(out["product"]!.shape == [5, 7])
        #expect(out["count"]!.dtype == .int32)
        #expect(throws: TensorError.self) { try out["product"]!.scalars(as: Float.self) }
    }

    @Test func evalShapeReportsShapeErrors() {
        #expect(throws: TensorError.self) {
            try evalShape({ (x: Tensor) in x + Tensor.zeros([3]) }, Tensor.zeros([2]))
        }
    }

    @Test func treeMapOverOneAndTwoTrees() throws {
        let params: [String: Tensor] = ["b": Tensor([1.0]), "w": Tensor([2.0, 3])]
        let doubled = treeMap(params) { $0 * 2 }
        #expect(try doubled["w"]!.scalars(as: Float.self) == [4, 6])
        let summed = try treeMap(params, doubled) { $0 + $1 }
        #expect(try summed["b"]!.scalars(as: Float.self) == [3])
        #expect(throws: TensorError.self) { try treeMap(params, ["b": Tensor([1.0])]) { $0 + $1 } }
    }

    @Test func leavesAndUnflattenFollowSortedKeys() throws {
        let tree: [String: [Tensor]] = ["z": [Tensor(1.0)], "a": [Tensor(2.0), Tensor(3.0)]]
        #expect(try tree.leaves.map { try $0.item(as: Float.self) } == [2, 3, 1])
        let rebuilt = try tree.unflatten([Tensor(7.0), Tensor(8.0), Tensor(9.0)])
        #expect(try rebuilt["z"]![0].item(as: Float.self) == 9)
        #expect(throws: TensorError.self) { try tree.unflatten([Tensor(1.0)]) }
    }
}
