/// What a ``ClassifierTrainer`` trains and how: a network, Adam and an
/// L2 term, as the Haiku jax2tf guide's MNIST setup.
public struct TrainingConfiguration: Sendable {
    /// The network (the output layer has one unit per class).
    public var model: ClassifierModel = .mlp(hiddenSizes: [300, 100])
    /// Adam's learning rate.
    public var learningRate: Double = 1e-3
    /// When set, the learning rate follows a cosine decay to 0 over this
    /// many steps (the last epochs then settle instead of wandering).
    public var decaySteps: Int?
    /// The weight of `Σ ½‖p‖²` over every parameter, biases included.
    public var l2: Double = 1e-4
    /// Examples per step.
    public var batchSize = 100
    /// The seed of the parameters' initialization and of the data order.
    public var seed = 0
    /// CPU devices of this process to train on, data-parallel: each takes
    /// `batchSize / devices` rows of every batch (which must divide evenly)
    /// and the replicated parameters get the mean of their gradients, as one
    /// device on the whole batch would (up to rounding). 1: one device.
    public var devices = 1
    /// Whether a batch smaller than ``batchSize`` (an epoch's last) is padded
    /// to it with zero rows that the loss leaves out (``Bucketing``), so the
    /// training step compiles once instead of once more for that batch. The
    /// step's loss and update equal the unpadded batch's up to rounding.
    public var bucketsPartialBatches = false

    /// The guide's setup: MLP 300-100-10, Adam 1e-3, batch 100, L2 1e-4.
    public init() {}
}
