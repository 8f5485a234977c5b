import ArgumentParser
import Haiku

/// `hkc dot`: Graphviz DOT text of a built-in model's computation,
/// clustered by module (Haiku's `to_dot`), printed or rendered to SVG.
struct DotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dot",
        abstract: "Print a model's computation as Graphviz DOT text, clustered by module (Haiku's to_dot), or render it to SVG.")

    /// The model and the example batch.
    @OptionGroup var example: ModelExample

    @Option(help: "Render to this SVG file with Graphviz's `dot` (which must be on PATH) instead of printing the DOT text.")
    var svg: String?

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        if let svg, svg.isEmpty { throw ValidationError("--svg needs a file name") }
    }

    func run() throws {
        // Found first, so a missing `dot` fails at once.
        let renderer = try svg.map { _ in try GraphvizDot.find() }
        try pluginOptions.start()
        let text = try example.model.dot(batch: example.batch)
        guard let svg, let renderer else { return print(text, terminator: "") }
        try renderer.renderSVG(text, to: svg)
        print("wrote \(svg)")
    }
}
