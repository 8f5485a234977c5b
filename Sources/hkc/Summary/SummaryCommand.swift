import ArgumentParser
import Haiku

/// `hkc summary`: Haiku's `tabulate` table of a built-in model.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the module table of a model (Haiku's tabulate): names, configuration, parameters, shapes.")

    /// The model and the example batch.
    @OptionGroup var example: ModelExample

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func run() throws {
        try pluginOptions.start()
        print(try example.model.table(batch: example.batch))
    }
}
