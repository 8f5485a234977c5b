// The recurrent example of Docs/Recurrent.md, compiled with the package.
import Haiku

/// An LSTM learns to output, at each step, the sum of this step's input and
/// the previous one's (it has to remember one step).
func recurrentExample() throws {
    let model = transform { (xs: Tensor) -> Tensor in
        let core = DeepRNN([LSTM(16), relu, LSTM(16)])
        // xs is batch-major [batch, time, 1]; the state starts at zeros.
        let (outputs, _) = dynamicUnroll(core, xs, core.initialState(batchSize: xs.shape[0]), timeMajor: false)
        return Linear(1)(outputs)
    }
    let xs = normal(PRNGKey(0), [32, 10, 1])
    let previous = concatenate([Tensor.zeros([32, 1, 1]), xs[.all, .upTo(9)]], axis: 1)
    let targets = xs + previous
    var params = try model.initialize(rng: PRNGKey(42), xs)
    // One compiled training step: the loss and its gradient, a plain SGD update.
    let step = jit { (params: Params, xs: Tensor, targets: Tensor) -> (Params, Tensor) in
        let (loss, gradients) = try valueAndGrad { (params: Params) -> Tensor in
            let error = try model.apply(params, xs) - targets
            return (error * error).mean()
        }(params)
        let updated = DataStructures.map(params) { module, name, w in w - 0.5 * (gradients[module]?[name] ?? w) }
        return (updated, loss)
    }
    for iteration in 0..<200 {
        let loss: Tensor
        (params, loss) = try step(params, xs, targets)
        if iteration % 50 == 0 { print("step \(iteration) loss:", loss) }
    }
    print("parameters:", params.keys.sorted())
}
