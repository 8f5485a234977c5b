// The mixed-precision example of Docs/MixedPrecision.md, compiled with the package.
import Haiku

/// An MLP keeps float32 parameters, computes in float16 and learns a small
/// regression with dynamic loss scaling; a ResNet18 computes in bfloat16
/// with its BatchNorms in float32.
func mixedPrecisionExample() throws {
    setPolicy(for: MLP.self, try Policy("params=float32,compute=float16,output=float32"))
    defer { clearPolicy(for: MLP.self) }
    let model = transform { (x: Tensor) in MLP([32, 1])(x) }
    let x = normal(PRNGKey(0), [64, 4])
    let y = x.sum(axes: [1], keepDims: true)
    var params = try model.initialize(rng: PRNGKey(42), x)
    print("MLP parameters:", params["mlp/~/linear_0"]?["w"]?.dtype ?? .bool, "output:", try model.apply(params, x).dtype)

    // One compiled step: scaled loss, unscaled gradients, a step only when they are finite.
    let step = jit { (params: Params, lossScale: DynamicLossScale) -> TupleTree<Params, DynamicLossScale, Tensor> in
        let (loss, scaledGradients) = try valueAndGrad { (params: Params) -> Tensor in
            let error = try model.apply(params, x) - y
            return lossScale.scale((error * error).mean())
        }(params)
        let gradients = lossScale.unscale(scaledGradients)
        let finite = allFinite(gradients)
        let updated = DataStructures.map(params) { module, name, w in w - 0.05 * (gradients[module]?[name] ?? w) }
        return TupleTree(selectTree(finite, updated, params), lossScale.adjust(finite), lossScale.unscale(loss))
    }
    var lossScale = DynamicLossScale(Tensor(Float(65536)), period: 20)
    for iteration in 0..<60 {
        let result = try step(params, lossScale)
        let loss: Tensor
        (params, lossScale, loss) = result.elements
        if iteration % 20 == 0 { print("step \(iteration) loss:", loss, "loss scale:", lossScale.lossScale) }
    }

    // ResNet18 in bfloat16, BatchNorm in float32 (Haiku's ImageNet recipe).
    setPolicy(for: ResNet18.self, try Policy("p=f32,c=bf16,o=f32"))
    setPolicy(for: BatchNorm.self, try Policy("p=f32,c=f32,o=bf16"))
    defer {
        clearPolicy(for: ResNet18.self)
        clearPolicy(for: BatchNorm.self)
    }
    let net = transformWithState { (images: Tensor) in ResNet18(10)(images, isTraining: true) }
    let images = normal(PRNGKey(1), [1, 32, 32, 3])
    let (netParams, state) = try net.initialize(rng: PRNGKey(0), images)
    let (logits, _) = try net.apply(netParams, state, images)
    let dtypes = Set(netParams.flatMap { $0.value.map { $0.value.dtype.name } })
    print("ResNet18 parameters:", dtypes.sorted(), "logits:", logits.dtype)
}
