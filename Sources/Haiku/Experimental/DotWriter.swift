import Glibc

/// Writes a ``DotGraph`` as Graphviz DOT text with Haiku's layout and
/// colours: one cluster per module method call (nested as the calls were),
/// operations in yellow, the function's outputs in blue (labelled
/// `output` or `output[i]`), its arguments in orange (one node per use,
/// later ones marked `(reuse)`), and concrete values the function captured in
/// purple. Node and cluster ids are numbered in order of appearance
/// (`op3`, `arg1_0`, `capture7`, `cluster_2`), where Haiku's are object
/// addresses.
final class DotWriter {
    private let graph: DotGraph
    private let arguments: [(tensor: Tensor, label: String)]
    private let outputNames: [TensorIdentity: String]
    private let operationOutputs: Set<TensorIdentity>
    private var numbers: [TensorIdentity: Int] = [:]
    private var clusterCount = 0
    private var argumentUses: [TensorIdentity: Int] = [:]
    private var argumentsInUseOrder: [TensorIdentity] = []
    private var captures: [Tensor] = []
    private var lines: [String] = []

    /// - Parameters:
    ///   - graph: the recorded graph.
    ///   - arguments: the function's argument leaves with their labels
    ///     (`args[0]: mlp/~/linear_0/b`, `args[2]`).
    ///   - outputs: the function's output leaves with their labels.
    init(graph: DotGraph, arguments: [(tensor: Tensor, label: String)], outputs: [(tensor: Tensor, label: String)]) {
        self.graph = graph
        self.arguments = arguments
        outputNames = Dictionary(outputs.compactMap { output in output.tensor.identity.map { ($0, output.label) } },
                                 uniquingKeysWith: { first, _ in first })
        operationOutputs = Set(Self.allNodes(of: graph).flatMap { $0.outputs.compactMap(\.identity) })
    }

    /// The DOT text.
    func text() -> String {
        let depth = graph.depth
        render(graph, isCluster: false, depth: depth)
        writeArguments()
        writeCaptures()
        lines.append("} // digraph G")
        return (head(depth: depth) + lines).joined(separator: "\n") + "\n"
    }

    private static func allNodes(of graph: DotGraph) -> [DotNode] {
        graph.nodes + graph.subgraphs.flatMap(allNodes)
    }

    private func number(_ identity: TensorIdentity) -> Int {
        if let known = numbers[identity] { return known }
        numbers[identity] = numbers.count
        return numbers.count - 1
    }

    private func render(_ graph: DotGraph, isCluster: Bool, depth: Int) {
        let cluster = "cluster_\(clusterCount)"
        if isCluster {
            clusterCount += 1
            lines += [
                "subgraph \(cluster) {",
                "  style=\"rounded,filled\";",
                "  fillcolor=\"#F0F5F5\";",
                "  color=\"#14234B;\";",
                "  pad=0.1;",
                "  fontsize=\(Self.fontSize(depth: depth));",
                "  label = <<b>\(Self.escape(graph.title))</b>>;",
                "  labelloc = t;",
            ]
        }
        for node in graph.nodes { writeOperation(node) }
        for subgraph in graph.subgraphs { render(subgraph, isCluster: true, depth: depth - 1) }
        if isCluster { lines.append("}  // subgraph \(cluster)") }
        for edge in graph.edges {
            guard let source = edge.from.identity else { continue }
            lines.append("\(sourceName(source, edge.from)) -> op\(number(edge.to));")
        }
    }

    private func writeOperation(_ node: DotNode) {
        var label = "<b>\(Self.escape(node.title))</b>" + node.outputs.map { "<br/>\(ArraySpec($0))" }.joined()
        let (color, fill, style): (String, String, String)
        if let name = outputNames[node.id] {
            label = "<b>\(Self.escape(name))</b><br/>" + label
            (color, fill, style) = ("#0053D6", "#AABFFF", "filled,bold")
        } else {
            (color, fill, style) = ("#FFDB13", "#FFF26E", "filled")
        }
        let id = "op\(number(node.id))"
        lines.append("\(id) [label=<\(label)>,  id=\"node\(id)\", shape=rect, style=\"\(style)\", tooltip=\" \", "
                     + "fontcolor=\"black\", color=\"\(color)\", fillcolor=\"\(fill)\"];")
    }

    /// The DOT node an edge starts from: a use of an argument, an
    /// operation, or a captured value.
    private func sourceName(_ source: TensorIdentity, _ tensor: Tensor) -> String {
        if arguments.contains(where: { $0.tensor.identity == source }) {
            let use = argumentUses[source, default: 0]
            if use == 0 { argumentsInUseOrder.append(source) }
            argumentUses[source] = use + 1
            return "arg\(number(source))_\(use)"
        }
        if operationOutputs.contains(source) { return "op\(number(source))" }
        if !captures.contains(where: { $0.identity == source }) { captures.append(tensor) }
        return "capture\(number(source))"
    }

    private func writeArguments() {
        var written = Set<TensorIdentity>()
        for argument in arguments {
            guard let identity = argument.tensor.identity, written.insert(identity).inserted else { continue }
            for use in 0..<argumentUses[identity, default: 0] {
                let id = "arg\(number(identity))_\(use)"
                var label = "<b>\(Self.escape(argument.label))</b><br/>\(Self.escape("\(ArraySpec(argument.tensor))"))"
                var (fill, font) = ("#FFDEAF", "black")
                if use > 0 {
                    label = "<b>(reuse)</b><br/>" + label
                    (fill, font) = ("#FFEACC", "#565858")
                }
                lines.append("\(id) [label=<\(label)> id=\"node\(id)\", shape=rect, style=\"filled\", "
                             + "fontcolor=\"\(font)\", color=\"#FF8A4F\", fillcolor=\"\(fill)\"];")
            }
        }
    }

    private func writeCaptures() {
        for capture in captures {
            guard let identity = capture.identity else { continue }
            lines.append("capture\(number(identity)) [label=<<b>\(Self.escape("\(ArraySpec(capture))"))</b>> shape=rect, "
                         + "style=\"filled\", fontcolor=\"black\", color=\"#A261FF\", fillcolor=\"#E6D6FF\"];")
        }
    }

    /// The graph's header: title, font size and a style sheet that
    /// highlights every use of an argument used more than once on hover.
    private func head(depth: Int) -> [String] {
        var head = [
            "digraph G {",
            "rankdir = TD;",
            "compound = true;",
            "label = <<b>\(Self.escape(graph.title))</b>>;",
            "fontsize=\(Self.fontSize(depth: depth));",
            "labelloc = t;",
            "stylesheet = <",
            "  data:text/css,",
            "  @import url(https://fonts.googleapis.com/css?family=Roboto:400,700);",
            "  svg text {",
            "    font-family: 'Roboto';",
            "  }",
            "  .node text {",
            "    font-size: 12px;",
            "  }",
        ]
        for identity in argumentsInUseOrder {
            let uses = argumentUses[identity, default: 0]
            guard uses > 1 else { continue }
            let node = "%23nodearg\(number(identity))_"
            for a in 0..<uses {
                for b in 0..<uses {
                    head.append(a == b ? "\(node)\(a):hover { stroke-width: 0.2em; }"
                                       : "\(node)\(a):hover ~ \(node)\(b) { stroke-width: 0.2em; }")
                }
            }
        }
        return head + [">"]
    }

    /// Haiku's label size for a graph `depth` levels deep: ⌊1.4^depth · 14⌋.
    static func fontSize(depth: Int) -> Int {
        Int(pow(1.4, Double(depth)) * 14)
    }

    /// HTML escaping of `&`, `<`, `>`, `"` and `'` (Python's `html.escape`).
    static func escape(_ text: String) -> String {
        text.map { htmlEntities[$0] ?? String($0) }.joined()
    }

    private static let htmlEntities: [Character: String] = [
        "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#x27;",
    ]
}
