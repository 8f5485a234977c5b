import Haiku

/// `Fixtures/visualization.json`, written by `Scripts/fixtures/visualization.py`
/// from real Haiku: `to_dot` texts (object addresses numbered), `tabulate`
/// tables with columns and filters, `eval_summary`'s calls, and
/// parameters initialized under `optimize_rng_use`.
struct VisualizationFixture: Decodable {
    /// One `tabulate` table and what made it.
    struct Table: Decodable {
        /// `batch_norm`, `flatten`, or nil for the guide's MLP.
        let function: String?
        let columns: [String]
        let filters: [String]
        let table: String
    }

    /// One call of `eval_summary`.
    struct Call: Decodable {
        let module: String
        let method: String
        let params: [String: String]
        let arguments: [String]
        let output: String
        let callStack: [[String]]
        let callStackParams: [[String]]

        private enum CodingKeys: String, CodingKey {
            case module, method, params, arguments, output
            case callStack = "call_stack", callStackParams = "call_stack_params"
        }
    }

    let dotPlain: String
    let dotMLP: String
    let tabulate: [Table]
    let summary: [Call]
    /// Parameter values (full name -> row-major values) of a small MLP
    /// initialized with and without `optimize_rng_use`.
    let optimizedRNGParams: [String: [Double]]
    let plainRNGParams: [String: [Double]]

    private enum CodingKeys: String, CodingKey {
        case dotPlain = "dot_plain", dotMLP = "dot_mlp", tabulate, summary
        case optimizedRNGParams = "optimize_rng_use", plainRNGParams = "plain_rng_use"
    }

    /// The file, decoded.
    static func load() throws -> VisualizationFixture { try loadFixture("visualization") }

    /// `dot` with every node and cluster id replaced by `#k`, k counting
    /// distinct ids in order of first appearance, as the fixture script
    /// numbers Haiku's object addresses: equal texts mean equal graphs.
    static func normalized(_ dot: String) -> String {
        var numbers: [String: Int] = [:]
        return dot.replacing(/cluster_(\d+)|(op\d+|arg\d+_\d+|capture\d+)/) { match in
            let token = String(match.output.0)
            let number = numbers[token] ?? numbers.count
            numbers[token] = number
            return (match.output.1 != nil ? "cluster_" : "") + "#\(number)"
        }
    }
}
