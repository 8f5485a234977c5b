import Datasets
import Haiku

/// The network a ``ClassifierTrainer`` trains: logits for each class from
/// a batch of images (or, for ``characterLSTM(hiddenSize:)`` and
/// ``characterTransformer(layers:modelSize:heads:)``, for each position of
/// a batch of character sequences), built from Haiku's modules with
/// Haiku's names.
public enum ClassifierModel: Sendable, Equatable, CustomStringConvertible {
    /// `hk.nets.MLP(hiddenSizes + [classCount])` on flat images (`[B, 784]`
    /// for MNIST): `mlp/~/linear_0`, `mlp/~/linear_1`, ...
    case mlp(hiddenSizes: [Int])
    /// On NHWC images (`[B, 28, 28, 1]` for MNIST): `Conv2D(32, 3×3, SAME)`
    /// → relu → max pool 2×2 stride 2 (VALID) → `Conv2D(64, 3×3, SAME)` →
    /// relu → max pool 2×2 stride 2 → `Flatten` → `Linear(classCount)`, in
    /// an `hk.Sequential`: `conv2_d`, `conv2_d_1`, `linear`.
    case cnn
    /// A next-character model on `int32` character indices `[B, T]`: one-hot
    /// (one entry per class) → `LSTM(hiddenSize)` run over the T steps by
    /// `dynamicUnroll` from a zero state → `Linear(classCount)`, giving
    /// logits `[B, T, classCount]`: `lstm/linear` and `linear`.
    case characterLSTM(hiddenSize: Int)
    /// A decoder-only ``TransformerLanguageModel`` on `int32` character
    /// indices `[B, T]`, its learned positions as many as the `T` it is
    /// initialized with: logits `[B, T, classCount]`.
    case characterTransformer(layers: Int, modelSize: Int, heads: Int)

    /// The layout of the images the network takes (``ImageLayout/flat`` for
    /// the character model, which takes no images).
    public var layout: ImageLayout {
        switch self {
        case .mlp, .characterLSTM, .characterTransformer: .flat
        case .cnn: .nhwc
        }
    }

    /// The element type of the network's input: `float32` pixels, or
    /// `int32` character indices.
    public var inputType: ElementType {
        switch self {
        case .mlp, .cnn: .float32
        case .characterLSTM, .characterTransformer: .int32
        }
    }

    /// Whether the network predicts the next character at every position
    /// (and ``CharacterSampler`` can continue a text with it).
    public var isCharacterModel: Bool { inputType == .int32 }

    /// `mlp [300, 100]`, `cnn`, `character lstm 256` or `character
    /// transformer 4 layers 256 wide 4 heads`, as checkpoints record it
    /// (``init(recorded:)`` reads it back).
    public var description: String {
        switch self {
        case let .mlp(hiddenSizes): "mlp \(hiddenSizes)"
        case .cnn: "cnn"
        case let .characterLSTM(hiddenSize): "character lstm \(hiddenSize)"
        case let .characterTransformer(layers, modelSize, heads):
            "character transformer \(layers) layers \(modelSize) wide \(heads) heads"
        }
    }

    /// The network's logits for `images`, one per class (per position for
    /// the character model); call it inside `transform`, which makes and
    /// names its modules.
    public func logits(_ images: Tensor, classCount: Int) -> Tensor {
        switch self {
        case let .mlp(hiddenSizes):
            return MLP(hiddenSizes + [classCount])(images)
        case .cnn:
            let pool = { (x: Tensor) in maxPool(x, windowShape: 2, strides: 2, padding: .valid) }
            return Sequential([
                Conv2D(outputChannels: 32, kernelShape: 3), relu, pool,
                Conv2D(outputChannels: 64, kernelShape: 3), relu, pool,
                Flatten(), Linear(classCount),
            ])(images)
        case let .characterLSTM(hiddenSize):
            let core = LSTM(hiddenSize)
            let inputs = oneHot(images, count: classCount)
            let initialState = core.initialState(batchSize: images.shape.first)
            let (outputs, _) = dynamicUnroll(core, inputs, initialState, timeMajor: false)
            return Linear(classCount)(outputs)
        case let .characterTransformer(layers, modelSize, heads):
            return TransformerLanguageModel(vocabularySize: classCount, layers: layers, modelSize: modelSize, heads: heads)(images)
        }
    }
}
