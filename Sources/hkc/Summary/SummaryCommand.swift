import ArgumentParser
import Haiku

/// `hkc summary`: Haiku's `tabulate` table of a built-in model.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the module table of a model (Haiku's tabulate): names, configuration, parameters, shapes.")

    @Argument(help: "The model: mlp (784-300-100-10).")
    var model: SummaryModel = .mlp

    @Option(help: "The batch size of the example input.")
    var batch = 8

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        switch model {
        case .mlp:
            let forward = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
            print(try tabulate(forward, Tensor.zeros([batch, 784])))
        }
    }
}

/// The models `hkc summary` knows.
enum SummaryModel: String, ExpressibleByArgument, CaseIterable {
    case mlp
}
