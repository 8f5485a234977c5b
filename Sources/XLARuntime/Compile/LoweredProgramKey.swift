#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the StableHLO text lowered from a traced program depends on: the
/// traced program (its caller's complete description of it, the `source`)
/// and the code that lowers it, which is compiled into the image (program
/// or test bundle) holding this module, identified by its path, inode, size
/// and modification time. Rebuilding that image gives new keys, so a
/// changed pass or emitter never reuses an old lowering.
///
/// The lowered text is then compiled under its own ``CompilationCacheKey``,
/// which adds the options, plugin, devices, flags and host processor.
struct LoweredProgramKey: Hashable, Sendable {
    /// The key's text (its SHA-256 names the disk entry).
    let text: String

    /// The key for a traced program described by `source`, or nil when
    /// the lowering code cannot be identified (then nothing is reused).
    init?(source: String) {
        guard let lowering = LoweredProgramKey.loweringCode else { return nil }
        self.init(source: source, lowering: lowering)
    }

    /// The key from its parts: `lowering` identifies the lowering code.
    init(source: String, lowering: String) {
        text = "lowered program\nsource " + SHA256.hex(source) + "\nlowering " + lowering
    }

    /// The SHA-256 of the text, in hex: the disk entry's file name.
    var digest: String { SHA256.hex(text) }

    /// The image holding this module (the file mapped where it was loaded,
    /// else the running program, `/proc/self/exe`), as path, inode, size and
    /// modification time; nil when it cannot be read.
    static let loweringCode: String? = {
        let path = mappedFile(containing: UInt(bitPattern: #dsohandle)) ?? "/proc/self/exe"
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return "\(path) \(status.st_ino) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }()

    /// The file this process maps at `address`, from `/proc/self/maps`
    /// (lines `start-end permissions offset device inode path`).
    private static func mappedFile(containing address: UInt) -> String? {
        guard let maps = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(maps) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, maps) > 0, let line {
            let fields = String(cString: line).split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, let dash = fields[0].firstIndex(of: "-"),
                  let start = UInt(fields[0][..<dash], radix: 16),
                  let end = UInt(fields[0][fields[0].index(after: dash)...], radix: 16),
                  (start..<end).contains(address) else { continue }
            let path = String(fields[5].drop(while: { $0 == " " }).dropLast(fields[5].hasSuffix("\n") ? 1 : 0))
            return path.hasPrefix("/") ? path : nil
        }
        return nil
    }
}
