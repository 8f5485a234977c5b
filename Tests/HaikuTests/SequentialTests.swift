import Haiku
import NumericsSupport
import Testing

/// `Sequential` with modules and functions in one list, and the call's
/// extra arguments reaching its first layer only, against real Haiku 0.0.17
/// (`Fixtures/sequential.json`, `Scripts/fixtures/sequential.py`) and
/// against the same layers called one by one.
@Suite struct SequentialTests {
    static let fixture: FixtureValue = {
        do { return try loadFixture("sequential", as: FixtureValue.self) } catch {
            fatalError("Fixtures/sequential.json does not decode: \(error)")
        }
    }()

    /// A user's block that doubles its input while training.
    final class Doubling: Module, TrainingLayer {
        func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> Tensor {
            method(inputs) { inputs in isTraining ? inputs * 2 : inputs }
        }
    }

    /// A user's block with only an input.
    final class AddOne: Module, UnaryLayer {
        func callAsFunction(_ inputs: Tensor) -> Tensor { method(inputs) { $0 + 1 } }
    }

    /// The error `initialize` throws for `body` on `x`.
    static func error(_ x: Tensor, _ body: @escaping (Tensor) -> Tensor) -> HaikuError? {
        do {
            _ = try transform(body).initialize(rng: PRNGKey(0), x)
        } catch let error as HaikuError {
            return error
        } catch {
            Issue.record("not a HaikuError: \(error)")
        }
        return nil
    }

    @Test func mlpOfModulesAndFunctionsMatchesHaiku() throws {
        let c = Self.fixture["mlp"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in Sequential([Linear(300), relu, Linear(10)])(x) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        let bound = LinearChainBound(params: params, input: x)
        c["output"].expectContraction(try f.apply(params, x), "output", tolerance: bound.tolerance,
                                      magnitudes: bound.magnitudes)
    }

    @Test func layersRunInOrderAsWhenCalledOneByOne() throws {
        let x = Tensor([1, -2, 3, -4, 5, -6] as [Float], shape: [2, 3])
        let sequential = transform { (x: Tensor) in
            Sequential([Linear(4), relu, { (x: Tensor) in x * 2 }, AddOne(), Linear(2).callAsFunction])(x)
        }
        let byHand = transform { (x: Tensor) in
            let hidden = relu(Linear(4)(x)) * 2
            return Linear(2)(AddOne()(hidden))
        }
        let params = try sequential.initialize(rng: PRNGKey(1), x)
        #expect(params.keys.sorted() == ["linear", "linear_1"])
        #expect(try sequential.apply(params, x).scalars(as: Float.self) == byHand.apply(params, x).scalars(as: Float.self))
    }

    @Test func extraArgumentsGoToTheFirstLayerOnly() throws {
        let x = Tensor([1, 2, 3] as [Float])
        let f = transform { (x: Tensor, isTraining: Static<Bool>) in
            Sequential([Doubling(), AddOne(), relu])(x, isTraining: isTraining.value)
        }
        let params = try f.initialize(rng: nil, x, Static(true))
        #expect(try f.apply(params, x, Static(true)).scalars(as: Float.self) == [3, 5, 7])
        #expect(try f.apply(params, x, Static(false)).scalars(as: Float.self) == [2, 3, 4])
    }

    @Test func nestedSequentialsAndFunctionsOfArgumentsReceiveThem() throws {
        let x = Tensor([1, 2] as [Float])
        let scaled = { (x: Tensor, arguments: LayerArguments) -> Tensor in
            let factor = (try? arguments.value("factor", as: Float.self, by: "scaled")) ?? nil
            return x * Tensor(factor ?? 1)
        }
        let f = transform { (x: Tensor) in
            Sequential([Sequential([scaled, AddOne()]), AddOne()])(x, arguments: ["factor": Float(10)])
        }
        #expect(try f.apply(f.initialize(rng: nil, x), x).scalars(as: Float.self) == [12, 22])
    }

    @Test func anEntryThatIsNotALayerIsAnErrorNamingItsPosition() throws {
        let error = try #require(Self.error(Tensor.ones([2, 3])) { Sequential([Linear(2), 5])($0) })
        #expect(error.description.contains("sequential (Sequential): layer 1: a Int is not a layer"), "\(error)")
    }

    @Test func aLayerGivenArgumentsItDoesNotTakeIsAnErrorNamingIt() throws {
        let linear = try #require(Self.error(Tensor.ones([2, 3])) { Sequential([Linear(2), relu])($0, isTraining: true) })
        #expect(linear.description.contains("linear (Linear): got unexpected argument `isTraining`"), "\(linear)")
        let function = try #require(Self.error(Tensor.ones([2, 3])) {
            Sequential([relu, Linear(2)])($0, arguments: ["isTraining": true, "rate": 0.5])
        })
        #expect(function.description.contains("a function (Tensor) -> Tensor: got unexpected arguments `isTraining`, `rate`"),
                "\(function)")
    }

    @Test func aTrainingLayerNeedsABoolIsTraining() throws {
        let missing = try #require(Self.error(Tensor.ones([3])) { Sequential([Doubling()])($0) })
        #expect(missing.description.contains("doubling (Doubling): missing argument `isTraining`"), "\(missing)")
        let wrongType = try #require(Self.error(Tensor.ones([3])) {
            Sequential([Doubling()])($0, arguments: ["isTraining": "yes"])
        })
        #expect(wrongType.description.contains("doubling (Doubling): `isTraining` must be Bool, not String"), "\(wrongType)")
    }
}
