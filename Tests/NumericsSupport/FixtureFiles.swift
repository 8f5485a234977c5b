import Foundation

/// Where the tests read JAX's fixtures from.
///
/// By default each test target reads the files committed beside it
/// (`Tests/<target>/Fixtures/`), recorded on the machine that generated them.
/// When the environment variable `HK_FIXTURES_DIR` names a directory, the
/// tests read `<dir>/Tests/<target>/Fixtures/` instead: fixtures that
/// `Scripts/fixtures/regenerate` wrote on this machine, which
/// ``ContractionTolerance`` then compares bit for bit.
public enum FixtureFiles {
    /// The directory `HK_FIXTURES_DIR` names, or nil when it is unset or empty.
    public static let regeneratedDirectory: String? = {
        guard let directory = ProcessInfo.processInfo.environment["HK_FIXTURES_DIR"], !directory.isEmpty else { return nil }
        return directory
    }()

    /// Whether the fixtures were generated on this machine, so that JAX's
    /// contractions summed in this CPU's order, as ours do.
    public static var areFromThisMachine: Bool { regeneratedDirectory != nil }

    /// The fixture `file` of the test target whose sources are in
    /// `targetDirectory` (a `Tests/<target>` folder). A file missing from the
    /// regenerated directory stops the tests with the command that writes it.
    public static func url(_ file: String, target targetDirectory: URL) -> URL {
        guard let directory = regeneratedDirectory else {
            return targetDirectory.appendingPathComponent("Fixtures/\(file)")
        }
        let relative = "Tests/\(targetDirectory.lastPathComponent)/Fixtures/\(file)"
        let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            fatalError("HK_FIXTURES_DIR=\(directory) has no \(relative): run Scripts/fixtures/regenerate \(directory) with the script that writes it")
        }
        return url
    }
}
