import Haiku
import Testing

/// Cases from dm-haiku 0.0.17's own tests of `hk.data_structures`,
/// translated to Swift. Haiku tests `filter`, `partition`, `partition_n`,
/// `merge`, `map`, `traverse` and `is_subset` in `filtering_test.py` and
/// `tree_size`/`tree_bytes` in `utils_test.py`; `data_structures_test.py`
/// itself covers Python mapping types only (`Stack`, `FlatMap`,
/// `to_dict`, `to_immutable_dict`, `to_mutable_dict`), which Swift
/// dictionaries make unnecessary. Each test names the Haiku test it follows
/// and expects what that test expects.
@Suite struct HaikuOwnDataStructuresTests {
    /// `get_net`: two one-unit `Linear`s, weights `v` and biases `1.5 v`
    /// (`v` = 1 for the first layer, 3 for the second), then the mean.
    static func net() -> Transformed<Tensor, Tensor> {
        transform { (x: Tensor) -> Tensor in
            let h = Linear(1, wInit: Constant(1.0), bInit: Constant(1.5), name: "first_layer")(x)
            return Linear(1, wInit: Constant(3.0), bInit: Constant(4.5), name: "second_layer")(h).mean()
        }
    }

    static let input = Tensor.ones([1, 1])

    static func netParams() throws -> Params { try net().initialize(rng: PRNGKey(428), input) }

    /// `get_names`: every `"module/name"` of a structure.
    static func names<Leaf>(_ structure: DataStructures.Structure<Leaf>) -> Set<String> {
        Set(DataStructures.traverse(structure).map { "\($0.module)/\($0.name)" })
    }

    /// `to_set`: every `"module/name"` with the value's elements.
    static func contents(_ params: Params) throws -> [String: [Float]] {
        var contents: [String: [Float]] = [:]
        for (module, name, value) in DataStructures.traverse(params) {
            contents["\(module)/\(name)"] = try value.scalars(as: Float.self)
        }
        return contents
    }

    /// `{f"layer_{i}": {"w": value} for i in range(n)}`.
    static func layers(_ n: Int, _ values: [String: String] = ["w": "wv"]) -> DataStructures.Structure<String> {
        SortedDictionary(uniqueKeysWithValues: (0..<n).map { ("layer_\($0)", SortedDictionary(values)) })
    }

    /// `test_partition`: by layer, by parameter name, by a composed regular
    /// expression (`re.match`, so a match at the start), by a conjunction.
    @Test func partition() throws {
        let params = try Self.netParams()
        let (first, second) = DataStructures.partition(params) { module, _, _ in module == "first_layer" }
        #expect(Self.names(first) == ["first_layer/w", "first_layer/b"])
        #expect(Self.names(second) == ["second_layer/w", "second_layer/b"])

        let (weights, biases) = DataStructures.partition(params) { _, name, _ in name == "w" }
        #expect(Self.names(weights) == ["first_layer/w", "second_layer/w"])
        #expect(Self.names(biases) == ["first_layer/b", "second_layer/b"])

        let regex = try Regex("(first_layer.*)|(.*w)")
        let (matching, notMatching) = DataStructures.partition(params) { module, name, _ in
            "\(module)/\(name)".prefixMatch(of: regex) != nil
        }
        #expect(Self.names(matching) == ["first_layer/w", "first_layer/b", "second_layer/w"])
        #expect(Self.names(notMatching) == ["second_layer/b"])

        let (firstBias, others) = DataStructures.partition(params) { module, name, _ in
            module == "first_layer" && name != "w"
        }
        #expect(Self.names(firstBias) == ["first_layer/b"])
        #expect(Self.names(others) == ["first_layer/w", "second_layer/w", "second_layer/b"])
    }

    /// `test_partition_n` and `test_partition_n_merge_isomorphism`: a
    /// counter as the bucket function sends layer `i` (in sorted order) to
    /// structure `i`, and merging the parts gives the input back.
    @Test(arguments: 1...7)
    func partitionN(n: Int) throws {
        let structure = Self.layers(n)
        var counter = 0
        let parts = try DataStructures.partitionN(structure, into: n) { _, _, _ in
            defer { counter += 1 }
            return counter
        }
        #expect(parts.count == n)
        #expect(DataStructures.merge(parts) == structure)
        for (i, part) in parts.enumerated() {
            #expect(part == ["layer_\(i)": ["w": "wv"]])
        }
    }

    /// `test_partition_n_nested`: leaves are values of any type, never
    /// looked into (Haiku's are a list, a set and a dict).
    @Test func partitionNOfNestedLeaves() throws {
        let structure: DataStructures.Structure<[Int]> = ["layer": ["a": [1, 2, 3], "b": [4], "c": [5, 6]]]
        var counter = 0
        let parts = try DataStructures.partitionN(structure, into: 3) { _, _, _ in
            defer { counter += 1 }
            return counter
        }
        #expect(parts == [["layer": ["a": [1, 2, 3]]], ["layer": ["b": [4]]], ["layer": ["c": [5, 6]]]])
    }

    /// Haiku's `partition_n` asserts that each bucket is in `range(n)`
    /// (`AssertionError`); here a bucket outside it is an error naming the
    /// entry and the bucket, instead of stopping the program.
    @Test(arguments: [-1, 2])
    func partitionNRejectsABucketOutOfRange(bucket: Int) {
        #expect(throws: HaikuError.invalidArgument(
            "partitionN: layer_0/w was given bucket \(bucket), outside 0..<2", location: nil)) {
            try DataStructures.partitionN(Self.layers(1), into: 2) { _, _, _ in bucket }
        }
    }

    /// A negative count is an error (in Haiku, any bucket then fails its
    /// assertion; here the count is checked first, as an array of negative
    /// length cannot exist).
    @Test func partitionNRejectsANegativeCount() {
        #expect(throws: HaikuError.invalidArgument("partitionN needs a count of 0 or more, not -1", location: nil)) {
            try DataStructures.partitionN(Self.layers(1), into: -1) { _, _, _ in 0 }
        }
    }

    /// `test_traverse`: sorted by module, then by name, whatever order the
    /// structure was built in.
    @Test(arguments: 1...7)
    func traverse(n: Int) {
        let structure = Self.layers(n, ["w": "wv", "b": "bv"])
        let expected = (0..<n).flatMap { ["layer_\($0)/b=bv", "layer_\($0)/w=wv"] }
        #expect(DataStructures.traverse(structure).map { "\($0.module)/\($0.name)=\($0.value)" } == expected)
    }

    /// `test_traverse_nested`.
    @Test func traverseNestedLeaves() {
        let structure: DataStructures.Structure<[Int]> = ["layer": ["c": [5, 6], "a": [1, 2, 3], "b": [4]]]
        let entries = DataStructures.traverse(structure)
        #expect(entries.map(\.module) == ["layer", "layer", "layer"])
        #expect(entries.map(\.name) == ["a", "b", "c"])
        #expect(entries.map(\.value) == [[1, 2, 3], [4], [5, 6]])
    }

    /// `test_is_subset`: the five parameterised cases.
    @Test(arguments: [
        ([:], [:], true),
        (["a": [:]], [:], true),
        ([:], ["a": [:]], true),
        (["a": [:]], ["a": [:]], true),
        (["a": ["b": 1]], ["a": [:]], false),
    ] as [(DataStructures.Structure<Int>, DataStructures.Structure<Int>, Bool)])
    func isSubset(subset: DataStructures.Structure<Int>, superset: DataStructures.Structure<Int>, expected: Bool) {
        #expect(DataStructures.isSubset(subset, of: superset) == expected)
    }

    /// `test_is_subset_layers`.
    @Test(arguments: 1...3)
    func isSubsetOfLayers(n: Int) {
        let small = Self.layers(n - 1, ["w": "wv", "b": "bv"])
        let large = Self.layers(n, ["w": "wv", "b": "bv"])
        #expect(DataStructures.isSubset(small, of: large))
        #expect(!DataStructures.isSubset(large, of: small))
    }

    /// `test_filter`.
    @Test func filter() throws {
        let params = try Self.netParams()
        let second = DataStructures.filter(params) { module, _, _ in module == "second_layer" }
        #expect(Self.names(second) == ["second_layer/w", "second_layer/b"])
        let biases = DataStructures.filter(params) { _, name, _ in name == "b" }
        #expect(Self.names(biases) == ["first_layer/b", "second_layer/b"])
    }

    /// `test_transforms_with_filter`: `grad` and `valueAndGrad` over the
    /// weights only, the biases merged back in. With w₀ = 1, b₀ = 1.5,
    /// w₁ = 3, b₁ = 4.5 the output is (w₀ + b₀) w₁ + b₁ = 12, its
    /// derivative by w₀ is w₁ = 3 and by w₁ is w₀ + b₀ = 2.5, all exact.
    /// (Haiku's `jax.jacobian` case has no Swift counterpart: there is no
    /// `jacobian` transformation.)
    @Test func transformsWithFilter() throws {
        let params = try Self.netParams()
        let (weights, biases) = DataStructures.partition(params) { _, name, _ in name == "w" }
        let net = Self.net()
        let output = { (weights: Params) -> Tensor in
            (try? net.apply(DataStructures.merge(weights, biases), Self.input)) ?? Tensor(Float.nan)
        }
        let expected: [String: [Float]] = ["first_layer/w": [3], "second_layer/w": [2.5]]
        #expect(try Self.contents(grad(output)(weights)) == expected)
        let (value, gradient) = valueAndGrad(output)(weights)
        #expect(try value.item(as: Float.self) == 12)
        #expect(try Self.contents(gradient) == expected)
    }

    /// `test_map`: the first layer's values unchanged, the second's doubled.
    @Test func map() throws {
        let params = try Self.netParams()
        let mapped = DataStructures.map(params) { module, _, value in module.contains("first_layer") ? value : 2 * value }
        #expect(DataStructures.traverse(mapped).count == 4)
        var expected = try Self.contents(params)
        for key in expected.keys where key.hasPrefix("second_layer/") { expected[key] = expected[key]!.map { 2 * $0 } }
        #expect(try Self.contents(mapped) == expected)
    }

    /// `test_merge_different_mappings`: entries of one module from several
    /// structures are combined.
    @Test func mergeCombinesEntriesOfOneModule() {
        let merged = DataStructures.merge(["foo": ["bar": 1]], ["foo": ["baz": 2]], ["foo": ["bat": 3]])
        #expect(merged == ["foo": ["bar": 1, "baz": 2, "bat": 3]])
    }

    /// `test_merge_nested`.
    @Test func mergeNestedLeaves() {
        let merged = DataStructures.merge(["layer": ["a": [1, 2, 3]]], ["layer": ["b": [4]]], ["layer": ["c": [5, 6]]])
        #expect(merged == ["layer": ["a": [1, 2, 3], "b": [4], "c": [5, 6]]])
    }

    /// `test_check_duplicates`: a duplicate of another dtype or shape is an
    /// error naming both types; with three structures the first mismatch is
    /// reported. (Haiku's `object_mismatch` case, a string against an
    /// array, cannot be written: the structure's leaves are all tensors.)
    @Test func mergeCheckingDuplicates() throws {
        let a: Params = ["a": ["b": Tensor([Float(0), 0.1])]]
        let b: Params = ["a": ["b": Tensor([Float(0), 0.1], dtype: .bfloat16)]]
        let c: Params = ["a": ["b": Tensor([Float(0), 0.1, 0.2])]]
        func error(_ first: String, _ second: String) -> HaikuError {
            .invalidArgument("duplicate tensors of different shape or dtype at a/b: \(first) vs \(second)", location: nil)
        }
        #expect(throws: error("tensor<2xf32>", "tensor<2xbf16>")) { try DataStructures.mergeCheckingDuplicates(a, b) }
        #expect(throws: error("tensor<2xf32>", "tensor<3xf32>")) { try DataStructures.mergeCheckingDuplicates(a, c) }
        #expect(throws: error("tensor<2xf32>", "tensor<2xbf16>")) { try DataStructures.mergeCheckingDuplicates(a, b, c) }
    }

    /// `utils_test.py`'s `test_tree_size` and `test_tree_bytes`: shapes of
    /// rank 0 to 3 and an empty one, four dtypes, inside an array or a
    /// dictionary (Haiku also tries a tuple, which Swift trees do not have).
    @Test(arguments: [[], [1], [200, 200], [2, 3, 4], [0]], [ElementType.float32, .float16, .int8, .bfloat16])
    func treeSizeAndBytes(shape: [Int], dtype: ElementType) {
        let x = Tensor.ones(shape, dtype: dtype)
        let size = shape.reduce(1, *)
        let itemSize = [ElementType.float32: 4, .float16: 2, .int8: 1, .bfloat16: 2][dtype]!
        #expect(DataStructures.treeSize([x]) == size)
        #expect(DataStructures.treeSize(["a": x]) == size)
        #expect(DataStructures.treeBytes([x]) == size * itemSize)
        #expect(DataStructures.treeBytes(["a": x]) == size * itemSize)
    }
}
