import ArgumentParser

@main
struct HKC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hkc",
        abstract: "Compile, inspect, benchmark and train Haiku for Swift models.",
        subcommands: [DoctorCommand.self, CompileCommand.self, BenchCommand.self, SummaryCommand.self, DotCommand.self, ProfileCommand.self, TrainCommand.self, SampleCommand.self])
}
