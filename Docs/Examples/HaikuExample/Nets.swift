// The ResNet example of Docs/Nets.md, compiled with the package.
import Haiku

/// ResNet18 on CIFAR-sized images: a 3x3 stem without stride (as CIFAR
/// models adapt the ImageNet network), a few compiled SGD steps with the
/// batch norm state threaded through, evaluation with the moving averages,
/// and the parameters and state saved and reloaded under Haiku's names.
func resnetExample() throws {
    func net(_ images: Tensor, isTraining: Bool) -> Tensor {
        ResNet18(10, initialConvConfig: .init(kernelShape: 3, stride: 1))(images, isTraining: isTraining)
    }
    let loss = transformWithState { (images: Tensor, labels: Tensor) -> Tensor in
        let logProbabilities = logSoftmax(net(images, isTraining: true))
        return -takeAlongAxis(logProbabilities, labels.reshaped([-1, 1]), axis: 1).mean()
    }
    let predict = transformWithState { (images: Tensor) in net(images, isTraining: false) }

    let images = normal(PRNGKey(0), [8, 32, 32, 3])
    let labels = Tensor((0..<8).map { Int32($0 % 10) }, shape: [8])
    var (params, state) = try loss.initialize(rng: PRNGKey(42), images, labels)
    print("ResNet18 parameters:", DataStructures.treeSize(params))  // 11,173,962 with this stem
    let step = jit { (params: Params, state: State, images: Tensor, labels: Tensor) -> (Params, State, Tensor) in
        let ((value, newState), gradients) = try valueAndGrad { (params: Params) -> (Tensor, State) in
            try loss.apply(params, state, images, labels)
        }(params)
        let updated = DataStructures.map(params) { module, name, w in w - 0.05 * (gradients[module]?[name] ?? w) }
        return (updated, newState, value)
    }
    for iteration in 0..<3 {
        let loss: Tensor
        (params, state, loss) = try step(params, state, images, labels)
        print("step \(iteration) loss:", loss)
    }
    let (logits, _) = try predict.apply(params, state, images)
    print("evaluation logits:", logits.shape)

    // Haiku's names make the checkpoint readable from Python (Docs/Nets.md).
    try NumPy.saveParams(params, to: "/tmp/resnet18_params.npz")
    try NumPy.saveParams(state, to: "/tmp/resnet18_state.npz")
    let reloaded = try NumPy.loadParams(from: "/tmp/resnet18_params.npz", matching: params)
    print("reloaded:", reloaded["res_net18/~/block_group_0/~/block_0/~/conv_0"]?["w"]?.shape ?? [])
}
