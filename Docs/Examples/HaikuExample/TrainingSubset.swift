// The guide "Training a subset of parameters" (spec 1.14) in this library's spellings, compiled with the package.
// `HaikuExample training-subset` prints what the guide prints (checked by HaikuTests' GuideExampleTests).
import Haiku

/// Trains every layer of an MLP but the second to compute the identity on
/// the digits 0-9: gradients with respect to the trainable part only.
func trainingSubsetGuide() throws {
    let numClasses = 10
    let f = transform { (x: Tensor) in MLP([300, 100, numClasses])(x) }
    func test(_ params: Params, numClasses: Int = numClasses) throws {
        let x = Tensor((0..<numClasses).map(Float.init), shape: [numClasses, 1])
        let y = try f.apply(params, x).argmax(axis: -1)
        for i in 0..<numClasses { print(x[.at(i)], "->", y[.at(i)]) }
    }
    let params = try f.initialize(rng: PRNGKey(42), Tensor.zeros([numClasses, 1]))
    print("before training")
    try test(params)

    // [5] Partition the parameters.
    let (trainableParams, nonTrainableParams) = DataStructures.partition(params) { module, _, _ in
        module != "mlp/~/linear_1"
    }
    print("trainable:", Array(trainableParams.keys))
    print("non_trainable:", Array(nonTrainableParams.keys))

    // [6] Differentiate with respect to the trainable part; merge before apply.
    func lossFn(_ trainable: Params, _ nonTrainable: Params, _ images: Tensor, _ labels: Tensor) throws -> Tensor {
        let logits = try f.apply(DataStructures.merge(trainable, nonTrainable), images)
        return -(oneHot(labels, count: logits.shape[1]) * logSoftmax(logits)).sum(axes: [1]).mean()
    }
    let trainStep = jit { (trainable: Params, nonTrainable: Params, x: Tensor, y: Tensor) in
        let grads = try grad { (trainable: Params) in try lossFn(trainable, nonTrainable, x, y) }(trainable)
        return try treeMap(trainable, grads) { p, g in p - g * 0.1 }
    }
    // Each of the guide's batches holds all ten digits, shuffled: the mean loss is that of the digits in order.
    let x = Tensor((0..<numClasses).map(Float.init), shape: [numClasses, 1])
    let y = Tensor((0..<numClasses).map(Int32.init))
    var trained = trainableParams
    for _ in 0..<10_000 { trained = try trainStep(trained, nonTrainableParams, x, y) }

    // [7], [8] Merged again for inference, inside and outside the training range.
    let merged = DataStructures.merge(trained, nonTrainableParams)
    print("after training")
    try test(merged)
    try test(merged, numClasses: numClasses + 10)
}
