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

    @Test func partitionNByModule() throws {
        let structure: Structure<Int?> = SortedDictionary(uniqueKeysWithValues: (0..<3).map { ("layer_\($0)", ["w": nil, "b": nil]) })
        var indices: [String: Int] = [:]
        let perModule = try DataStructures.partitionN(structure, into: structure.count) { module, _, _ in
            if let index = indices[module] { return index }
            indices[module] = indices.count
            return indices.count - 1
        }
        #expect(perModule == (0..<3).map { ["layer_\($0)": ["b": nil, "w": nil]] })
    }

    @Test func partitionNLeavesUnusedBucketsEmpty() throws {
        let parts = try DataStructures.partitionN(Self.linear, into: 3) { _, name, _ in name == "w" ? 2 : 0 }
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

/// `DataStructures` on tensors against real Haiku (`Fixtures/haiku_core.json`,
/// group "data_structures", from `Scripts/fixtures/haiku_core.py`).
@Suite struct DataStructuresHaikuParityTests {
    typealias FixtureStructure = DataStructures.Structure<FixtureTensor>

    /// A structure as the script writes it (it also gives Python's dict order, unused here).
    struct Written: Decodable, Sendable {
        let value: FixtureStructure
    }

    struct Group: Decodable, Sendable {
        struct Partition: Decodable, Sendable { let weights, biases: Written }
        struct Parts: Decodable, Sendable { let input: Written?; let parts: [Written] }
        struct Failure: Decodable, Sendable { let error: String }
        struct Subsets: Decodable, Sendable { let results: [Bool] }
        struct Sizes: Decodable, Sendable {
            let paramsSize, paramsBytes, mixedSize, mixedBytes: Int
            enum CodingKeys: String, CodingKey {
                case paramsSize = "params_size", paramsBytes = "params_bytes", mixedSize = "mixed_size", mixedBytes = "mixed_bytes"
            }
        }

        /// One `traverse` entry: module name, name, tensor.
        struct TraverseEntry: Decodable, Sendable {
            let module, name: String
            let value: FixtureTensor
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                (module, name, value) = (try container.decode(String.self), try container.decode(String.self),
                                         try container.decode(FixtureTensor.self))
            }
        }
        struct Traversal: Decodable, Sendable { let entries: [TraverseEntry] }

        let input, filter, map, merge, mergeOverlap: Written
        let partition: Partition
        let mergeCheckDuplicates: Failure
        let partitionN, partitionNBySize: Parts
        let traverse: Traversal
        let isSubset: Subsets
        let treeSizeBytes: Sizes

        enum CodingKeys: String, CodingKey {
            case input, filter, map, merge, partition, traverse
            case mergeOverlap = "merge_overlap", mergeCheckDuplicates = "merge_check_duplicates"
            case partitionN = "partition_n", partitionNBySize = "partition_n_by_size", isSubset = "is_subset"
            case treeSizeBytes = "tree_size_bytes"
        }
    }

    struct Fixture: Decodable, Sendable {
        let dataStructures: Group
        enum CodingKeys: String, CodingKey { case dataStructures = "data_structures" }
    }

    static let fixture = Result { try loadFixture("haiku_core", as: Fixture.self).dataStructures }

    /// A tensor's shape, dtype and float values, comparable with a fixture's.
    struct Contents: Equatable {
        let shape: [Int]
        let dtype: ElementType
        let values: [Double]
    }

    static func contents(_ structure: Params) throws -> DataStructures.Structure<Contents> {
        try DataStructures.map(structure) { _, _, tensor in
            Contents(shape: tensor.shape, dtype: tensor.dtype, values: try tensor.scalars(as: Float.self).map(Double.init))
        }
    }

    static func contents(_ written: Written) -> DataStructures.Structure<Contents> {
        DataStructures.map(written.value) { _, _, tensor in Contents(shape: tensor.shape, dtype: tensor.dtype, values: tensor.values) }
    }

    static func params(_ written: Written) -> Params {
        DataStructures.map(written.value) { _, _, tensor in tensor.tensor }
    }

    static func isWeight(_: String, name: String, _: Tensor) -> Bool { name == "w" }

    @Test func filter() throws {
        let fixture = try Self.fixture.get()
        #expect(try Self.contents(DataStructures.filter(Self.params(fixture.input), Self.isWeight)) == Self.contents(fixture.filter))
    }

    @Test func map() throws {
        let fixture = try Self.fixture.get()
        let doubled = DataStructures.map(Self.params(fixture.input)) { _, name, value in name == "w" ? 2 * value : value }
        #expect(try Self.contents(doubled) == Self.contents(fixture.map))
    }

    @Test func partitionThenMerge() throws {
        let fixture = try Self.fixture.get()
        let (weights, biases) = DataStructures.partition(Self.params(fixture.input), Self.isWeight)
        #expect(try Self.contents(weights) == Self.contents(fixture.partition.weights))
        #expect(try Self.contents(biases) == Self.contents(fixture.partition.biases))
        #expect(try Self.contents(DataStructures.merge(weights, biases)) == Self.contents(fixture.merge))
    }

    @Test func mergeKeepsTheLastTensor() throws {
        let merged = DataStructures.merge(["linear": ["w": Tensor([1.0])]], ["linear": ["w": Tensor([2.0])]])
        #expect(try Self.contents(merged) == Self.contents(Self.fixture.get().mergeOverlap))
    }

    @Test func mergeCheckingDuplicatesRejectsOtherShapes() throws {
        #expect(try Self.fixture.get().mergeCheckDuplicates.error == "ValueError")
        #expect(throws: HaikuError.invalidArgument(
            "duplicate tensors of different shape or dtype at linear/w: tensor<2xf32> vs tensor<3xf32>", location: nil)) {
            try DataStructures.mergeCheckingDuplicates(["linear": ["w": Tensor.zeros([2])]], ["linear": ["w": Tensor.zeros([3])]])
        }
        let same = try DataStructures.mergeCheckingDuplicates(["linear": ["w": Tensor.zeros([2])]], ["linear": ["w": Tensor.ones([2])]])
        #expect(try same["linear"]?["w"]?.scalars(as: Float.self) == [1, 1])
    }

    @Test func partitionNByModule() throws {
        let fixture = try Self.fixture.get().partitionN
        let layers = Self.params(try #require(fixture.input))
        var indices: [String: Int] = [:]
        let parts = try DataStructures.partitionN(layers, into: layers.count) { module, _, _ in
            if let index = indices[module] { return index }
            indices[module] = indices.count
            return indices.count - 1
        }
        #expect(try parts.map(Self.contents) == fixture.parts.map(Self.contents))
    }

    @Test func partitionNBySize() throws {
        let fixture = try Self.fixture.get()
        let parts = try DataStructures.partitionN(Self.params(fixture.input), into: 3) { _, _, value in value.shape[0] - 1 }
        #expect(try parts.map(Self.contents) == fixture.partitionNBySize.parts.map(Self.contents))
    }

    @Test func traverse() throws {
        let fixture = try Self.fixture.get()
        let entries = try DataStructures.traverse(Self.params(fixture.input)).map { entry in
            [entry.module, entry.name, "\(try entry.value.scalars(as: Float.self))"]
        }
        #expect(entries == fixture.traverse.entries.map { [$0.module, $0.name, "\($0.value.values.map(Float.init))"] })
    }

    @Test func isSubset() throws {
        let fixture = try Self.fixture.get()
        let params = Self.params(fixture.input)
        let (weights, _) = DataStructures.partition(params, Self.isWeight)
        let results = [
            DataStructures.isSubset(weights, of: params), DataStructures.isSubset(params, of: weights),
            DataStructures.isSubset(["a": [:]] as Params, of: [:] as Params),
            DataStructures.isSubset(["x": ["w": Tensor.zeros([])]], of: params),
        ]
        #expect(results == fixture.isSubset.results)
    }

    @Test func treeSizeAndBytes() throws {
        let fixture = try Self.fixture.get()
        let params = Self.params(fixture.input)
        let mixed: Params = [
            "linear": ["w": Tensor.ones([3, 4]), "b": Tensor.ones([4], dtype: .bfloat16)],
            "counter": ["n": Tensor.ones([], dtype: .int32)],
        ]
        let sizes = fixture.treeSizeBytes
        #expect(DataStructures.treeSize(params) == sizes.paramsSize)
        #expect(DataStructures.treeBytes(params) == sizes.paramsBytes)
        #expect(DataStructures.treeSize(mixed) == sizes.mixedSize)
        #expect(DataStructures.treeBytes(mixed) == sizes.mixedBytes)
    }
}
