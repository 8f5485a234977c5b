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

    /// The `Tests/<target>` folder holding the test source `testFile`, however
    /// deep below it the file lies (test files sit in subfolders mirroring
    /// `Sources/<target>/`): the nearest enclosing folder whose parent is `Tests`.
    public static func targetDirectory(of testFile: String) -> URL {
        var directory = URL(fileURLWithPath: testFile).deletingLastPathComponent()
        while directory.pathComponents.count > 1 {
            if directory.deletingLastPathComponent().lastPathComponent == "Tests" { return directory }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("\(testFile) is not inside a Tests/<target> folder")
    }

    /// The repository's root folder (the one holding `Tests/` and `Sources/`),
    /// found from the test source `testFile`.
    public static func repositoryRoot(of testFile: String = #filePath) -> URL {
        targetDirectory(of: testFile).deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The fixture `file` of the test target holding the test source
    /// `testFile` (by default the caller's). A file missing from the
    /// regenerated directory stops the tests with the command that writes it.
    public static func url(_ file: String, testFile: String = #filePath) -> URL {
        let targetDirectory = targetDirectory(of: testFile)
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
