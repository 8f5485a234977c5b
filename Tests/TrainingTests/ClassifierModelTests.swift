import Haiku
import Testing
import Training

/// The networks' parameters carry Haiku's names and shapes, so checkpoints
/// and tables line up with a Haiku program's.
@Suite struct ClassifierModelTests {
    /// The parameters' shapes, by module and name, of `model` on MNIST-shaped images.
    func shapes(_ model: ClassifierModel, exampleShape: [Int]) throws -> SortedDictionary<String, SortedDictionary<String, [Int]>> {
        let forward = transform { (x: Tensor) in model.logits(x, classCount: 10) }
        let params = try forward.initialize(rng: PRNGKey(0), Tensor.zeros([2] + exampleShape))
        return params.mapValues { $0.mapValues(\.shape) }
    }

    /// `hk.Sequential([hk.Conv2D(32, 3), relu, max_pool, hk.Conv2D(64, 3), relu, max_pool, hk.Flatten(), hk.Linear(10)])`
    /// on [B, 28, 28, 1]: 7 × 7 × 64 = 3,136 features reach the Linear.
    @Test func cnnHasHaikusParameters() throws {
        #expect(try shapes(.cnn, exampleShape: [28, 28, 1]) == [
            "conv2_d": ["w": [3, 3, 1, 32], "b": [32]],
            "conv2_d_1": ["w": [3, 3, 32, 64], "b": [64]],
            "linear": ["w": [3136, 10], "b": [10]],
        ])
    }

    /// `hk.nets.MLP([300, 100, 10])` on [B, 784].
    @Test func mlpHasHaikusParameters() throws {
        #expect(try shapes(.mlp(hiddenSizes: [300, 100]), exampleShape: [784]) == [
            "mlp/~/linear_0": ["w": [784, 300], "b": [300]],
            "mlp/~/linear_1": ["w": [300, 100], "b": [100]],
            "mlp/~/linear_2": ["w": [100, 10], "b": [10]],
        ])
    }
}
