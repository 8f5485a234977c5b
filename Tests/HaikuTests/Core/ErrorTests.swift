import Haiku
import Testing

/// Misuses of Haiku: `initialize`/`apply` throw a ``HaikuError`` naming
/// what is wrong; values made outside any transform are poisoned.
@Suite struct ErrorTests {
    /// The HaikuError that `body` throws, or nil (recording an issue).
    func haikuError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> HaikuError? {
        do {
            try body()
            Issue.record("expected a HaikuError, nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as HaikuError {
            return error
        } catch {
            Issue.record("expected a HaikuError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func missingParameterAtApplyIsNamed() throws {
        let f = transform { (x: Tensor) in Linear(2)(x) }
        let x = Tensor.ones([1, 3])
        var params = try f.initialize(rng: PRNGKey(0), x)
        #expect(params["linear"]?["b"] != nil)
        params["linear"]?["b"] = nil
        let error = haikuError { _ = try f.apply(params, x) }
        guard case let .missingParameter(name, module, _)? = error else {
            Issue.record("expected missingParameter, got \(String(describing: error))")
            return
        }
        #expect(name == "b")
        #expect(module == "linear")
        #expect(error!.description.contains("'b'"))
        #expect(error!.description.contains("'linear'"))
    }

    @Test func randomKeyWithoutRNG() throws {
        let f = transform { () -> Tensor in uniform(nextRNGKey(), [2]) }
        let error = haikuError { _ = try f.initialize(rng: nil) }
        guard case .missingRNG? = error else {
            Issue.record("expected missingRNG, got \(String(describing: error))")
            return
        }
        // Applying without a key fails the same way.
        let params = try f.initialize(rng: PRNGKey(0))
        guard case .missingRNG? = haikuError({ _ = try f.apply(params, rng: nil) }) else {
            Issue.record("expected missingRNG from apply")
            return
        }
    }

    @Test func stateInStatelessTransform() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let counter = getState("counter", shape: [], dtype: .int32, init: .zeros)
            setState("counter", counter + 1)
            return x
        }
        let error = haikuError { _ = try f.initialize(rng: nil, Tensor.ones([1])) }
        guard case let .stateInStatelessTransform(names)? = error else {
            Issue.record("expected stateInStatelessTransform, got \(String(describing: error))")
            return
        }
        #expect(names == ["~/counter"])
        // The same function works with transformWithState.
        let g = transformWithState { (x: Tensor) -> Tensor in
            let counter = getState("counter", shape: [], dtype: .int32, init: .zeros)
            setState("counter", counter + 1)
            return x
        }
        let (_, state) = try g.initialize(rng: nil, Tensor.ones([1]))
        #expect(try state["~"]?["counter"]?.scalars(as: Int32.self) == [0])
    }

    @Test(arguments: ["not valid", "1linear", "linear-1", "", "a/b"])
    func invalidModuleName(_ name: String) throws {
        let f = transform { (x: Tensor) in Linear(2, name: ModuleName(name))(x) }
        let error = haikuError { _ = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 3])) }
        guard case let .invalidModuleName(given, _)? = error else {
            Issue.record("expected invalidModuleName, got \(String(describing: error))")
            return
        }
        #expect(given == name)
    }

    @Test func validModuleNamesAreAccepted() throws {
        let f = transform { (x: Tensor) in Linear(2, name: "_linear_2b")(x) }
        #expect(Array(try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 3])).keys) == ["_linear_2b"])
    }

    @Test func parameterShapeMismatch() throws {
        let f = transform { () -> Tensor in
            let a = parameter("w", shape: [2], init: .ones)
            let b = parameter("w", shape: [3], init: .ones)
            return a.sum() + b.sum()
        }
        let error = haikuError { _ = try f.initialize(rng: PRNGKey(0)) }
        guard case let .shapeMismatch(name, existing, requested, _)? = error else {
            Issue.record("expected shapeMismatch, got \(String(describing: error))")
            return
        }
        #expect(name == "~/w")
        #expect(existing == TensorType(.float32, [2]))
        #expect(requested == TensorType(.float32, [3]))
    }

    @Test func parameterShapeMismatchAgainstGivenParams() throws {
        let f = transform { (x: Tensor) in Linear(2)(x) }
        let params = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 3]))
        // Inputs with 4 features need a [4, 2] w; the params hold [3, 2].
        let error = haikuError { _ = try f.apply(params, Tensor.ones([1, 4])) }
        guard case let .shapeMismatch(name, existing, requested, _)? = error else {
            Issue.record("expected shapeMismatch, got \(String(describing: error))")
            return
        }
        #expect(name == "linear/w")
        #expect(existing.shape == [3, 2])
        #expect(requested.shape == [4, 2])
    }

    @Test func parameterOutsideTransformIsPoisoned() {
        let w = parameter("w", shape: [2], init: .ones)
        #expect(w.shape == [2])
        do {
            _ = try w.scalars(as: Float.self)
            Issue.record("reading a parameter made outside transform should throw")
        } catch let TensorError.invalidTransformation(reason, _) {
            #expect(reason.contains("parameter"))
            #expect(reason.contains("outside"))
        } catch {
            Issue.record("expected TensorError.invalidTransformation, got \(error)")
        }
    }

    @Test func nextRNGKeyOutsideTransformIsPoisoned() {
        let key = nextRNGKey()
        #expect(throws: TensorError.self) { _ = try key.data.scalars(as: UInt32.self) }
    }

    @Test func keyOfWrongShape() throws {
        let f = transform { (x: Tensor) in Linear(2)(x) }
        let keys = PRNGKey(data: Tensor([1, 2, 3, 4] as [UInt32], shape: [2, 2]))
        let error = haikuError { _ = try f.initialize(rng: keys, Tensor.ones([1, 3])) }
        guard case let .invalidKey(type, _)? = error else {
            Issue.record("expected invalidKey, got \(String(describing: error))")
            return
        }
        #expect(type == TensorType(.uint32, [2, 2]))
        // apply checks its key too.
        let params = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 3]))
        guard case .invalidKey? = haikuError({ _ = try f.apply(params, rng: keys, Tensor.ones([1, 3])) }) else {
            Issue.record("expected invalidKey from apply")
            return
        }
    }
}
