import Haiku
import Testing

/// `Params` and `State` iterate and print in Haiku's sorted order, and
/// `evalShape` gives `ShapeDtype` leaves, against real Haiku
/// (`Fixtures/params_printing.json`, from `Scripts/fixtures/params_printing.py`).
@Suite struct ParamsPrintingTests {
    struct Fixture: Decodable, Sendable {
        struct Spec: Decodable, Sendable { let shape: [Int]; let dtype: String }
        let init_order, sorted_order, init_parameter_order: [String]
        let params_str, state_str, shape_dtype_repr: String
        let eval_shape_params: [String: [String: Spec]]
    }

    static let fixture = Result { try loadFixture("params_printing", as: Fixture.self) }

    /// The script's program: constant initializers, so the printed values are exact.
    final class Counter: Module {
        func callAsFunction() { method { setState("count", Tensor.ones([], dtype: .int32) * 2) } }
    }

    static var model: TransformedWithState<Tensor, Tensor> {
        transformWithState { (x: Tensor) -> Tensor in
            let h = MLP([3, 2], wInit: Constant(0.25))(Linear(2, wInit: Constant(0.5), name: "zeta")(x))
            Counter()()
            return h + Linear(2, wInit: Constant(-1.0))(h)
        }
    }

    @Test func printsAsHaikuAfterATransformation() throws {
        let fixture = try Self.fixture.get()
        let (params, state) = try Self.model.initialize(rng: PRNGKey(0), Tensor.ones([1, 2]))
        #expect("\(params)" == fixture.params_str)
        #expect("\(state)" == fixture.state_str)
        #expect(String(describing: params) == String(reflecting: params))
    }

    @Test func iteratesModulesSortedThenNames() throws {
        let fixture = try Self.fixture.get()
        let (params, _) = try Self.model.initialize(rng: PRNGKey(0), Tensor.ones([1, 2]))
        var order: [String] = []
        for (module, bundle) in params { for (name, _) in bundle { order.append("\(module)/\(name)") } }
        #expect(order == fixture.sorted_order)
        #expect(order != fixture.init_order, "Haiku's init returns creation order; the Swift order is JAX's sorted one")
        #expect(DataStructures.traverse(params).map { "\($0.module)/\($0.name)" } == order)
        #expect(params.keys == ["linear", "mlp/~/linear_0", "mlp/~/linear_1", "zeta"])
    }

    @Test func orderDoesNotDependOnInsertion() {
        var forwards: DataStructures.Structure<Int> = [:]
        var backwards: DataStructures.Structure<Int> = [:]
        let paths = (0..<20).map { ("module_\($0 % 7)", "p\($0)") }
        for (index, (module, name)) in paths.enumerated() { forwards[module, default: [:]][name] = index }
        for (index, (module, name)) in paths.enumerated().reversed() { backwards[module, default: [:]][name] = index }
        #expect(forwards == backwards)
        #expect("\(forwards)" == "\(backwards)")
        #expect(forwards.keys == forwards.keys.sorted())
        #expect(forwards.allSatisfy { $0.value.keys == $0.value.keys.sorted() })
    }

    @Test func editsLikeADictionary() {
        var bundle: SortedDictionary<String, Int> = ["w": 1, "b": 2]
        bundle["a"] = 0
        bundle["w"] = nil
        #expect(bundle.keys == ["a", "b"])
        #expect(bundle.removeValue(forKey: "a") == 0)
        #expect(bundle.removeValue(forKey: "zz") == nil)
        #expect(bundle.merging(["c": 3, "b": 5], uniquingKeysWith: +) == ["b": 7, "c": 3])
        #expect(bundle.mapValues { $0 * 10 }.description == "{'b': 20}")
        #expect(bundle.dictionary == ["b": 2])
        #expect(SortedDictionary<Int, Int>([3: 0, 1: 0]).keys == [1, 3])
    }

    @Test func evalShapeOfInitializeGivesShapeDtypes() throws {
        let fixture = try Self.fixture.get()
        let input = Tensor(ShapeDtype(shape: [1, 2], dtype: .float32))
        let shapes = try evalShape({ (key: PRNGKey, x: Tensor) in [try Self.model.initialize(rng: key, x).params] },
                                   PRNGKey(0), input)[0]
        let expected = fixture.eval_shape_params.mapValues { $0.mapValues { "ShapeDtype(shape: \($0.shape), dtype: \($0.dtype))" } }
        #expect(shapes.dictionary.mapValues { $0.dictionary.mapValues(\.description) } == expected)
        #expect(shapes["zeta"]?["w"]?.shapeDtype == ShapeDtype(shape: [2, 2], dtype: .float32))
        #expect("\(shapes["linear"]!)" == "{'b': ShapeDtype(shape: [2], dtype: float32), 'w': ShapeDtype(shape: [2, 2], dtype: float32)}")
    }

    @Test func shapeDtypePrintsAsJAXInSwiftSpelling() throws {
        let fixture = try Self.fixture.get()
        let spec = ShapeDtype(shape: [8, 10], dtype: .float32)
        #expect(fixture.shape_dtype_repr == "ShapeDtypeStruct(shape=(8, 10), dtype=float32)")
        #expect("\(spec)" == "ShapeDtype(shape: [8, 10], dtype: float32)")
        #expect("\(Tensor(spec))" == "\(spec)")
        #expect(Tensor(spec).shapeDtype == spec)
    }

    @Test func initializeOnAShapeDtypeNeedsEvalShape() {
        let f = transform { (x: Tensor) in Linear(2)(x) }
        let error = #expect(throws: (any Error).self) { try f.initialize(rng: PRNGKey(0), Tensor(ShapeDtype(shape: [1, 3], dtype: .float32))) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("has a shape and dtype but no values"), "\(String(describing: error))")
    }

    @Test func aShapeDtypeHasNoValues() {
        let error = #expect(throws: TensorError.self) { try Tensor(ShapeDtype(shape: [2], dtype: .float32)).scalars(as: Float.self) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("has a shape and dtype but no values"))
    }
}
