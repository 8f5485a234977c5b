extension ClassifierModel {
    /// The model a checkpoint's `model` entry names (its
    /// ``description``), or nil for text that is not exactly one.
    public init?(recorded: String) {
        let words = recorded.split(separator: " ", omittingEmptySubsequences: false)
        let numbers = recorded.split { !$0.isNumber }.compactMap { Int($0) }
        let candidate: ClassifierModel? = switch words.first {
        case "mlp": .mlp(hiddenSizes: numbers)
        case "cnn": .cnn
        case "character" where numbers.count == 1: .characterLSTM(hiddenSize: numbers[0])
        case "character" where numbers.count == 3:
            .characterTransformer(layers: numbers[0], modelSize: numbers[1], heads: numbers[2])
        default: nil
        }
        // Rendering it again must give the text back: nothing else slipped in.
        guard let candidate, candidate.description == recorded else { return nil }
        self = candidate
    }
}
