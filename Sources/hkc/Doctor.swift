import ArgumentParser
import XLARuntime

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the XLA plugin and devices.")
    func run() throws {
        let plugin = try Plugin.load()
        print(plugin.path)
    }
}
