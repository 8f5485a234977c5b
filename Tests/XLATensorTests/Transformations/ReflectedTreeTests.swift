import Testing
import XLATensor

/// A one-line `TensorTree` conformance: `mapTensors` by reflection.
@Suite struct ReflectedTreeTests {
    struct Inner {
        var scale: Tensor
        var shift: Tensor?
    }

    /// Tensors, arrays, dictionaries, optionals, a static value and a nested
    /// reflected struct, in one struct without a hand-written `mapTensors`.
    struct Model {
        var weight: Tensor
        var layers: [Tensor]
        var table: [String: Tensor]
        var inner: Inner
        var missing: Tensor?
        var mode: Static<String>
    }

    /// A model with its fields mapped by hand, in declaration order.
    struct HandWritten: TensorTree {
        var model: Model

        func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> HandWritten {
            HandWritten(model: Model(
                weight: try transform(model.weight), layers: try model.layers.mapTensors(transform),
                table: try model.table.mapTensors(transform),
                inner: Inner(scale: try transform(model.inner.scale), shift: try model.inner.shift.mapTensors(transform)),
                missing: try model.missing.mapTensors(transform), mode: model.mode))
        }
    }

    var model: Model {
        Model(weight: Tensor([1.0, 2]), layers: [Tensor([3.0]), Tensor([4.0, 5])],
              table: ["z": Tensor([6.0]), "a": Tensor([7.0])], inner: Inner(scale: Tensor([8.0]), shift: Tensor([9.0])),
              missing: nil, mode: Static("train"))
    }

    var handWritten: HandWritten { HandWritten(model: model) }

    @Test func leavesComeInDeclarationOrderAsAHandWrittenMapTensorsGivesThem() throws {
        let reflected = try model.leaves.map { try $0.scalars(as: Float.self) }
        #expect(reflected == [[1, 2], [3], [4, 5], [7], [6], [8], [9]])
        #expect(try handWritten.leaves.map { try $0.scalars(as: Float.self) } == reflected)
        let doubled = model.mapTensors { $0 * 2 }
        #expect(try doubled.table["z"]!.scalars(as: Float.self) == [12])
        #expect(try doubled.inner.shift!.scalars(as: Float.self) == [18])
        #expect(doubled.missing == nil)
        #expect(doubled.mode.value == "train")
    }

    @Test func aReflectedStructGoesThroughJitAndGrad() throws {
        let step = jit { (model: Model, x: Tensor) in
            var next = model
            next.weight = model.weight * x
            next.table["a"] = model.table["a"]! + x.sum()
            return (next, (model.weight * x).sum())
        }
        let (next, loss) = try step(model, Tensor([10.0, 100]))
        #expect(try next.weight.scalars(as: Float.self) == [10, 200])
        #expect(try next.table["a"]!.scalars(as: Float.self) == [117])
        #expect(try next.layers[1].scalars(as: Float.self) == [4, 5])
        #expect(try loss.scalars(as: Float.self) == [210])
        let gradient = grad { (model: Model) in (model.weight * model.inner.scale).sum() + model.layers[1].sum() }(model)
        #expect(try gradient.weight.scalars(as: Float.self) == [8, 8])
        #expect(try gradient.inner.scale.scalars(as: Float.self) == [3])
        #expect(try gradient.layers[1].scalars(as: Float.self) == [1, 1])
        #expect(try gradient.table["z"]!.scalars(as: Float.self) == [0])
    }

    /// `jit` compiles once per structure: a struct's dictionary keys and
    /// static values are part of it, whether its `mapTensors` is reflected
    /// or hand-written (before, both were keyed by type name and leaf count,
    /// so new keys of the same count reused the old program and its keys).
    @Test func dictionaryKeysAndStaticValuesOfAStructAreItsStructureForJit() throws {
        let reflected = jit { (model: Model) in
            model.table.mapValues { $0 * (model.mode.value == "train" ? 2 : 3) }
        }
        let handWritten = jit { (value: HandWritten) in value.model.table.mapValues { $0 + 1 } }
        var renamed = model
        renamed.table = ["y": Tensor([6.0]), "b": Tensor([7.0])]
        var evaluating = model
        evaluating.mode = Static("eval")
        let first = try reflected(model), second = try reflected(renamed), third = try reflected(evaluating)
        #expect(first.keys.sorted() == ["a", "z"])
        #expect(second.keys.sorted() == ["b", "y"])
        #expect(try second["y"]!.scalars(as: Float.self) == [12])
        #expect(try third["z"]!.scalars(as: Float.self) == [18])
        #expect(try handWritten(HandWritten(model: model)).keys.sorted() == ["a", "z"])
        #expect(try handWritten(HandWritten(model: renamed)).keys.sorted() == ["b", "y"])
    }

    /// No stored property.
    struct Empty {}

    /// An empty struct beside a tensor, and dictionaries whose keys are not strings.
    struct Holder {
        var empty: Empty
        var weight: Tensor
        var byIndex: [Int: Tensor]
        var sorted: SortedDictionary<Int, Tensor>
    }

    /// The structure `jit` keys a reflected struct by: the type, then each
    /// property's structure, read in place through closures made once per
    /// type; the same on every call.
    @Test func aReflectedStructsStructureListsItsProperties() {
        func structure(_ tree: some TensorTree) -> String {
            var key = ""
            tree.appendStructure(to: &key)
            return key
        }
        #expect(structure(Inner(scale: Tensor([1.0]), shift: nil)) == "Inner{T;nil;}")
        let holder = Holder(empty: Empty(), weight: Tensor([1.0]), byIndex: [2: Tensor([1.0]), 1: Tensor([2.0])],
                            sorted: [10: Tensor([1.0])])
        for _ in 0..<2 {
            #expect(structure(holder) == "Holder{Empty{}T;{1=T;2=T;}{10=T;}}")
            #expect(structure(model.inner) == "Inner{T;?T;}")
            #expect(structure(model).hasPrefix("Model{T;[2:T;T;]{a=T;z=T;}Inner{T;?T;}nil;static(String:train:"))
        }
    }

    struct WithCount {
        var weight: Tensor
        var count: Int
    }

    /// `let` properties are rebuilt too.
    struct WithLet {
        let weight: Tensor
        let scale: Static<Int>
    }

    final class Box {
        var weight = Tensor([1.0])
    }

    enum Choice {
        case one(Tensor)
    }

    @Test func aPropertyThatIsNotATreeIsATypedErrorNamingIt() throws {
        let step = jit { (value: WithCount) in value.weight * 2 }
        let error = #expect(throws: TensorError.self) { try step(WithCount(weight: Tensor([1.0]), count: 3)) }
        #expect(error?.description.contains("WithCount.count has type Int, not a TensorTree type") == true,
                "\(String(describing: error))")
        let gradient = grad { (value: WithCount) in value.weight.sum() }(WithCount(weight: Tensor([1.0]), count: 3))
        #expect(throws: TensorError.self) { try gradient.weight.scalars(as: Float.self) }
    }

    @Test func letPropertiesAreRebuilt() throws {
        let doubled = jit { (value: WithLet) in value.mapTensors { $0 * Float(value.scale.value) } }
        let result = try doubled(WithLet(weight: Tensor([1.0, 2]), scale: Static(3)))
        #expect(try result.weight.scalars(as: Float.self) == [3, 6])
        #expect(result.scale.value == 3)
    }

    @Test func aClassOrAnEnumIsATypedError() {
        let boxError = #expect(throws: TensorError.self) { try jit { (value: Box) in value.weight }(Box()) }
        let choiceError = #expect(throws: TensorError.self) {
            try jit { (value: Choice) in Tensor([1.0]) }(.one(Tensor([1.0])))
        }
        for (error, problem) in [(boxError, "it is a class"), (choiceError, "it is not a struct")] {
            #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
            #expect(error?.description.contains("write its mapTensors(_:) by hand") == true)
        }
    }
}

extension ReflectedTreeTests.Inner: TensorTree {}
extension ReflectedTreeTests.Empty: TensorTree {}
extension ReflectedTreeTests.Holder: TensorTree {}
extension ReflectedTreeTests.Model: TensorTree {}
extension ReflectedTreeTests.WithCount: TensorTree {}
extension ReflectedTreeTests.WithLet: TensorTree {}
extension ReflectedTreeTests.Box: TensorTree {}
extension ReflectedTreeTests.Choice: TensorTree {}
