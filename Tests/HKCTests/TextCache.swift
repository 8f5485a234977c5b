import Foundation

/// A cache directory whose Shakespeare text is `text` (none when nil),
/// its `plugins` linked to this user's cache (where hkc finds the plugin).
func textCache(_ text: String?) throws -> URL {
    let root = try temporaryCache("hkc-text")
    let directory = root.appendingPathComponent("data/shakespeare")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    if let text { try Data(text.utf8).write(to: directory.appendingPathComponent("shakespeare.txt")) }
    return root
}

/// A new, empty cache directory named `prefix-UUID` in the temporary
/// directory (for `HK_CACHE_DIR`), its `plugins` linked to this user's cache.
func temporaryCache(_ prefix: String) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let environment = ProcessInfo.processInfo.environment
    let userCache = environment["HK_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        ?? environment["XDG_CACHE_HOME"].map { $0 + "/haiku-swift" }
        ?? NSHomeDirectory() + "/.cache/haiku-swift"
    try FileManager.default.createSymbolicLink(atPath: root.path + "/plugins", withDestinationPath: userCache + "/plugins")
    return root
}
