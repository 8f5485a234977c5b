// The shape bucketing example of Docs/Compiling.md, compiled with the package.
import Haiku

/// A classifier's mean loss over batches of 1 to 100 examples, compiled
/// for batches of 16, 32, 64 and 128 only: the padded examples are cut
/// from the logits and left out of the mean.
func bucketingExample() throws {
    let model = transform { (x: Tensor) in Linear(3)(x) }
    let params = try model.initialize(rng: PRNGKey(0), Tensor.zeros([1, 4]))
    let evaluate = jit(bucketing: .powersOfTwo(axis: 0, arguments: [1, 2], minimum: 16)) {
        (params: Params, x: Tensor, labels: Tensor) in
        let logits = try model.apply(params, x)
        let losses = -(oneHot(labels, count: 3) * logSoftmax(logits)).sum(axes: [-1])
        return (logits, Bucket.mean(losses, axis: 0))
    }
    for n in [1, 7, 40, 100] {
        let x = Tensor.ones([n, 4])
        let labels = Tensor([Int32](repeating: 1, count: n))
        let (logits, loss): (Tensor, Tensor) = try evaluate(params, x, labels)
        print("batch \(n): logits \(logits.shape), mean loss \(try loss.item(as: Float.self))")
    }
    print("programs compiled:", evaluate.compiledCount)   // 3: buckets 16, 64 and 128
}
