import Haiku
import Testing

/// Haiku's guide "Training a subset of parameters":
/// partition the parameters, differentiate with respect to the trainable
/// part only, merge before `apply`.
@Suite struct TrainingSubsetTests {
    @Test func trainsAllButTheSecondLayer() throws {
        let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
        let params = try f.initialize(rng: PRNGKey(42), Tensor.zeros([10, 1]))
        let (trainable, frozen) = DataStructures.partition(params) { module, _, _ in module != "mlp/~/linear_1" }
        #expect(trainable.keys.sorted() == ["mlp/~/linear_0", "mlp/~/linear_2"])
        #expect(frozen.keys.sorted() == ["mlp/~/linear_1"])

        let digits = Tensor((0..<10).map(Float.init), shape: [10, 1])
        let labels = Tensor((0..<10).map(Int32.init))
        let step = jit { (trainable: Params, frozen: Params) -> Params in
            let gradient = grad { (trainable: Params) -> Tensor in
                let logits = try! f.apply(DataStructures.merge(trainable, frozen), digits)
                return -(oneHot(labels, count: 10) * logSoftmax(logits)).sum(axes: [1]).mean()
            }(trainable)
            return try treeMap(trainable, gradient) { $0 - 0.1 * $1 }
        }
        var trained = trainable
        for _ in 0..<10_000 { trained = try step(trained, frozen) }

        let predictions = try f.apply(DataStructures.merge(trained, frozen), digits).argmax(axis: -1)
        #expect(try predictions.scalars(as: Int32.self) == (0..<10).map(Int32.init))
        // The frozen layer is bitwise unchanged (it was never an input of the update).
        #expect(try frozen["mlp/~/linear_1"]!["w"]!.scalars(as: Float.self)
            == params["mlp/~/linear_1"]!["w"]!.scalars(as: Float.self))
    }
}
