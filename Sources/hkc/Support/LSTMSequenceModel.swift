import Haiku

/// The `lstm` model of `hkc bench` and `hkc summary`, as `Scripts/bench-jax
/// lstm` builds it in Haiku: `LSTM(256)` run with ``dynamicUnroll(_:_:_:timeMajor:reverse:)``
/// over time-major sequences `[T, B, 64]` from zero states, then
/// `Linear(64)` logits `[T, B, 64]` at every step.
enum LSTMSequenceModel {
    /// Features of each step's input.
    static let featureCount = 64
    /// The LSTM's hidden and cell size.
    static let hiddenSize = 256
    /// Classes of the read-out at every step.
    static let classCount = 64
    /// The sequence length unless told otherwise.
    static let defaultLength = 64

    /// The network, transformed: logits `[T, B, classCount]` from inputs `[T, B, featureCount]`.
    static var forward: Transformed<Tensor, Tensor> {
        transform { (inputs: Tensor) in
            let core = LSTM(hiddenSize)
            let (outputs, _) = dynamicUnroll(core, inputs, core.initialState(batchSize: inputs.shape.dropFirst().first))
            return Linear(classCount)(outputs)
        }
    }

    /// The shape of a batch of `batch` sequences of `length` steps.
    static func inputShape(batch: Int, length: Int) -> [Int] {
        [length, batch, featureCount]
    }
}
