#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The host processor as XLA's CPU compiler sees it: it generates code for
/// the machine it runs on, so an executable compiled on another processor
/// may use instructions this one lacks. Part of the disk cache key.
enum HostCPU {
    /// The vendor, model name and feature flags of the first processor in
    /// `/proc/cpuinfo` (x86's `flags`, Arm's `Features`), one a line; the
    /// machine name from `uname` where the file cannot be read.
    static let description: String = {
        let wanted = ["vendor_id", "model name", "flags", "CPU implementer", "CPU part", "Features"]
        var found: [String: String] = [:]
        if let file = fopen("/proc/cpuinfo", "r") {
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 1 << 16)
            while found.count < wanted.count, fgets(&line, Int32(line.count), file) != nil {
                let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                guard let colon = text.firstIndex(of: ":") else { continue }
                let name = text[..<colon].trimmingSpaces
                if wanted.contains(name), found[name] == nil {
                    found[name] = text[text.index(after: colon)...].trimmingSpaces
                }
            }
        }
        if found.isEmpty {
            var names = utsname()
            uname(&names)
            return withUnsafeBytes(of: names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return wanted.compactMap { name in found[name].map { "\(name): \($0)" } }.joined(separator: "\n")
    }()

    /// The SHA-256 of ``description``, in hex.
    static let digest = SHA256.hex(description)
}

private extension Substring {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
