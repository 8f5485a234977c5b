import Haiku
import Testing

/// `DataStructures` against the examples of Haiku's `hk.data_structures`
/// documentation (entries that are `None` there are `nil` here).
@Suite struct DataStructuresTests {
    typealias Structure = DataStructures.Structure

    static let linear: Structure<Int?> = ["linear": ["w": nil, "b": nil]]

    @Test func filterKeepsMatchingEntries() {
        let weights = DataStructures.filter(Self.linear) { _, name, _ in name == "w" }
        #expect(weights == ["linear": ["w": nil]])
    }

    @Test func filterDropsModulesLeftEmpty() {
        let none = DataStructures.filter(Self.linear) { _, _, _ in false }
        #expect(none.isEmpty)
    }

    @Test func isSubsetComparesPathsOnly() {
        #expect(DataStructures.isSubset(["a": [:]] as Structure<Int>, of: [:] as Structure<Int>))
        #expect(DataStructures.isSubset(["linear": ["w": 1.0]], of: Self.linear))
        #expect(!DataStructures.isSubset(Self.linear, of: ["linear": ["w": 1.0]]))
        #expect(!DataStructures.isSubset(["other": ["w": 1.0]], of: Self.linear))
    }

    @Test func mapTransformsEachValue() {
        let params: Structure<Double> = ["linear": ["w": 1.0, "b": 2.0]]
        let doubled = DataStructures.map(params) { _, name, value in name == "w" ? 2 * value : value }
        #expect(doubled == ["linear": ["b": 2.0, "w": 2.0]])
    }

    @Test func mapPassesModuleAndName() {
        let paths = DataStructures.map(Self.linear) { module, name, _ in "\(module)/\(name)" }
        #expect(paths == ["linear": ["w": "linear/w", "b": "linear/b"]])
    }

    @Test func mergeTakesTheUnion() {
        let weights: Structure<Int?> = ["linear": ["w": nil]]
        let biases: Structure<Int?> = ["linear": ["b": nil]]
        #expect(DataStructures.merge(weights, biases) == Self.linear)
    }

    @Test func mergeKeepsTheLastValue() {
        #expect(DataStructures.merge(["linear": ["w": 1]], ["linear": ["w": 2]]) == ["linear": ["w": 2]])
    }

    @Test func partitionSplitsByPredicate() {
        let (weights, biases) = DataStructures.partition(Self.linear) { _, name, _ in name == "w" }
        #expect(weights == ["linear": ["w": nil]])
        #expect(biases == ["linear": ["b": nil]])
    }

    @Test func partitionThenMergeRoundTrips() {
        let params: Structure<Int> = ["mlp/~/linear_0": ["w": 1, "b": 2], "mlp/~/linear_1": ["w": 3, "b": 4], "~": ["s": 5]]
        let (trainable, frozen) = DataStructures.partition(params) { module, _, _ in module.hasSuffix("linear_1") }
        #expect(trainable == ["mlp/~/linear_1": ["w": 3, "b": 4]])
        #expect(DataStructures.merge(trainable, frozen) == params)
    }

    @Test func partitionNByModule() {
        let structure: Structure<Int?> = Dictionary(uniqueKeysWithValues: (0..<3).map { ("layer_\($0)", ["w": nil, "b": nil]) })
        var indices: [String: Int] = [:]
        let perModule = DataStructures.partitionN(structure, into: structure.count) { module, _, _ in
            if let index = indices[module] { return index }
            indices[module] = indices.count
            return indices.count - 1
        }
        #expect(perModule == (0..<3).map { ["layer_\($0)": ["b": nil, "w": nil]] })
    }

    @Test func partitionNLeavesUnusedBucketsEmpty() {
        let parts = DataStructures.partitionN(Self.linear, into: 3) { _, name, _ in name == "w" ? 2 : 0 }
        #expect(parts == [["linear": ["b": nil]], [:], ["linear": ["w": nil]]])
    }

    @Test func traverseVisitsSortedKeys() {
        let params: Structure<Int> = ["linear_1": ["w": 3, "b": 4], "linear": ["w": 1, "b": 2]]
        let entries = DataStructures.traverse(params).map { "\($0.module)/\($0.name)=\($0.value)" }
        #expect(entries == ["linear/b=2", "linear/w=1", "linear_1/b=4", "linear_1/w=3"])
    }

    @Test func treeSizeAndBytesCountEveryDType() {
        let params: Params = [
            "linear": ["w": Tensor.zeros([2, 3]), "b": Tensor.zeros([4], dtype: .bfloat16)],
            "embed": ["table": Tensor.zeros([5], dtype: .int8), "counts": Tensor.zeros([], dtype: .int32)],
        ]
        #expect(DataStructures.treeSize(params) == 6 + 4 + 5 + 1)
        #expect(DataStructures.treeBytes(params) == 6 * 4 + 4 * 2 + 5 * 1 + 1 * 4)
    }

    @Test func treeSizeOfNothingIsZero() {
        #expect(DataStructures.treeSize([:] as Params) == 0)
        #expect(DataStructures.treeBytes([:] as Params) == 0)
    }
}
