import Testing
import XLARuntime
import XLATensor

/// `Flattened`: a tree kept as leaves and structure, passed to `jit`
/// without a tree walk, with the same results as the tree itself.
@Suite struct FlattenedTests {
    /// A two-layer state like Haiku's `Params` (sorted keys, nested).
    let params: [String: [String: Tensor]] = [
        "linear_1": ["w": Tensor([[0.5, -1], [2, 0.25]]), "b": Tensor([0.1, -0.2])],
        "linear": ["w": Tensor([[1.5, 0.75], [-0.5, 1]]), "b": Tensor([0.0, 0.3])],
    ]

    @Test func keepsTheLeavesInTreeOrderAndRebuildsTheTree() throws {
        let flat = Flattened(params)
        #expect(try flat.leaves.map { try $0.bytes() } == params.leaves.map { try $0.bytes() })
        #expect(flat.leaves.count == 4)
        let tree = flat.tree
        #expect(tree.keys.sorted() == ["linear", "linear_1"])
        #expect(try tree["linear_1"]!["w"]!.scalars(as: Float.self) == [0.5, -1, 2, 0.25])
        var structure = "", flatStructure = ""
        params.appendStructure(to: &structure)
        flat.appendStructure(to: &flatStructure)
        #expect(flatStructure == structure)
    }

    @Test func settingTheTreeFlattensIt() throws {
        var flat = Flattened(["a": Tensor([1.0])])
        flat.tree = ["a": Tensor([2.0]), "b": Tensor([3.0, 4])]
        #expect(flat.leaves.count == 2)
        #expect(try flat.leaves[1].scalars(as: Float.self) == [3, 4])
    }

    /// Twenty steps of a gradient-descent loop through the tree path and
    /// through the flat path: the same programs, the same bits.
    @Test func fastPathAndTreePathGiveIdenticalBits() throws {
        func loss(_ params: [String: [String: Tensor]], _ x: Tensor) -> Tensor {
            let hidden = tanh(matmul(x, params["linear"]!["w"]!) + params["linear"]!["b"]!)
            let output = matmul(hidden, params["linear_1"]!["w"]!) + params["linear_1"]!["b"]!
            return (output * output).mean()
        }
        func update(_ params: [String: [String: Tensor]], _ x: Tensor) throws -> [String: [String: Tensor]] {
            let gradient = grad { (params: [String: [String: Tensor]]) in loss(params, x) }(params)
            return try treeMap(params, gradient) { p, g in p - 0.1 * g }
        }
        let treeStep = jit(donating: [0]) { (params: [String: [String: Tensor]], x: Tensor) in try update(params, x) }
        let flatStep = jit(donating: [0]) { (params: Flattened<[String: [String: Tensor]]>, x: Tensor) in
            Flattened(try update(params.tree, x))
        }
        var tree = params
        var flat = Flattened(params)
        for step in 0..<20 {
            let x = Tensor((0..<6).map { Float($0 + step) / 7 }, shape: [3, 2])
            tree = try treeStep(tree, x)
            flat = try flatStep(flat, x)
        }
        #expect(try flat.leaves.map { try $0.bytes() } == tree.leaves.map { try $0.bytes() })
        #expect(treeStep.compiledCount == 1)
        #expect(flatStep.compiledCount == 1)
    }

    @Test func anotherStructureCompilesAnew() throws {
        let total = jit { (tree: Flattened<[String: Tensor]>) in tree.leaves.reduce(Tensor(Float(0))) { $0 + $1.sum() } }
        #expect(try total(Flattened(["a": Tensor([1.0, 2])])).item(as: Float.self) == 3)
        #expect(try total(Flattened(["b": Tensor([1.0, 2])])).item(as: Float.self) == 3)
        #expect(total.compiledCount == 2)
        #expect(try total(Flattened(["a": Tensor([5.0, 2])])).item(as: Float.self) == 7)
        #expect(total.compiledCount == 2)
    }

    @Test func aDonatedFlattenedTreeIsConsumed() throws {
        let step = jit(donating: [0]) { (state: Flattened<[Tensor]>) in state.mapTensors { $0 + 1 } }
        let first = try step(Flattened([Tensor([1.0]).toDevice(try Client.shared().defaultDevice)]))
        let second = try step(first)
        #expect(try second.tree[0].scalars(as: Float.self) == [3])
        #expect(throws: TensorError.self) { try first.tree[0].scalars(as: Float.self) }
    }
}
