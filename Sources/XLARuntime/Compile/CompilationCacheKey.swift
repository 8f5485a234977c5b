import FileSystem

/// What a compiled executable depends on, as the text its cache entries are
/// keyed by (in memory as is, on disk by its SHA-256): any part that
/// differs makes a different key, so an executable is only reused where
/// compiling again would give the same one.
///
/// The parts: the program's SHA-256; the serialized compile options
/// (replicas, partitions, device assignment, portability); the plugin's
/// identity (path, file size and time, PJRT API version); the platform's
/// name and version; the device count and each device's kind; the XLA flags
/// in `XLA_FLAGS` (sorted, without `--xla_dump_*`, which only choose where
/// XLA writes its dumps); and the host processor (``HostCPU``).
struct CompilationCacheKey: Hashable, Sendable {
    /// The key's text.
    let text: String

    /// The key for compiling `program` with `serializedOptions` on `client`.
    init(program: String, serializedOptions: [UInt8], client: Client) {
        let plugin = client.plugin
        self.init(program: program, serializedOptions: serializedOptions,
                  plugin: plugin.path + "@" + (Files.identity(plugin.path) ?? "") + "@" + plugin.apiVersion.description,
                  platform: client.platformName + " " + client.platformVersion,
                  deviceKinds: client.devices.map(\.kind), xlaFlags: Environment.value("XLA_FLAGS") ?? "",
                  hostCPU: HostCPU.digest)
    }

    /// The key from its parts, each as text (see the type's description;
    /// `hostCPU` is ``HostCPU/digest`` for this machine).
    init(program: String, serializedOptions: [UInt8], plugin: String, platform: String, deviceKinds: [String],
         xlaFlags: String, hostCPU: String) {
        let flags = xlaFlags.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            .filter { !$0.hasPrefix("--xla_dump") }.sorted()
        text = [
            "program " + SHA256.hex(program),
            "options " + serializedOptions.map { String($0) }.joined(separator: "."),
            "plugin " + plugin,
            "platform " + platform,
            "devices \(deviceKinds.count) " + deviceKinds.joined(separator: ","),
            "flags " + flags.joined(separator: " "),
            "cpu " + hostCPU,
        ].joined(separator: "\n")
    }

    /// The SHA-256 of the text, in hex: the disk entry's file name.
    var digest: String { SHA256.hex(text) }
}
