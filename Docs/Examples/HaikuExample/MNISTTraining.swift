// An MNIST CNN trained from scratch in this library's spellings, compiled with the package.
// `HaikuExample mnist` trains it on the data `Scripts/fetch-data mnist` put in place.
import Datasets
import Haiku

/// Two convolutions and a linear read-out (`UnaryModule`: no `method { }`).
final class DigitClassifier: Module, UnaryModule {
    func forward(_ images: Tensor) -> Tensor {
        var x = relu(Conv2D(outputChannels: 16, kernelShape: 3, stride: 2)(images))
        x = relu(Conv2D(outputChannels: 32, kernelShape: 3, stride: 2)(x))
        return Linear(10)(Flatten()(x))
    }
}

/// One epoch of Adam on the training images, then the test accuracy.
func mnistTraining() throws {
    let (train, test) = (try MNIST.load(split: .train, layout: .nhwc), try MNIST.load(split: .test, layout: .nhwc))
    let model = transform { (images: Tensor) in DigitClassifier()(images) }
    let optimizer = adam(learningRate: 1e-3)
    var params = try model.initialize(rng: PRNGKey(42), Tensor.zeros([1, 28, 28, 1]))
    var optimizerState = optimizer.initialize(params)
    // One compiled step returning a tuple: no state struct, no `mapTensors`.
    let step = jit(donating: [0, 1]) { (params: Params, optimizerState: Adam.State, images: Tensor, labels: Tensor)
        -> (Params, Adam.State, Tensor) in
        let (loss, grads) = try valueAndGrad { (params: Params) in
            -(oneHot(labels, count: 10) * logSoftmax(try model.apply(params, images))).sum(axes: [1]).mean()
        }(params)
        let (updates, nextState) = optimizer.update(grads, state: optimizerState, params: params)
        return (applyUpdates(params, updates), nextState, loss)
    }
    for (index, (images, labels)) in try Batches(train, batchSize: 128, dropLast: true).enumerated() {
        let loss: Tensor
        (params, optimizerState, loss) = try step(params, optimizerState, images, labels)
        if index % 100 == 0 { print("step \(index) loss:", loss) }
    }
    let (images, labels) = test.tensors()
    let predictions = try jit { (params: Params, images: Tensor) in try model.apply(params, images).argmax(axis: -1) }(params, images)
    print("test accuracy:", (predictions .== labels).converted(to: .float32).mean())
}
