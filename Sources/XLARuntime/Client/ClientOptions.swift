/// How to create a ``Client``. Options that a platform does not take are not
/// sent to it (the CUDA plugin rejects `cpu_device_count`, for example).
public struct ClientOptions: Sendable, Hashable {
    /// CPU only: how many CPU devices the client exposes. One by default:
    /// the plugin's own default of 4 costs about 5% on training steps, and
    /// all CPU devices share the same cores anyway.
    public var cpuDeviceCount: Int
    /// Whether execution is asynchronous (a plugin default of true when nil).
    /// The older `xla-cpu-pjrt` plugin ignores it.
    public var asynchronous: Bool?
    /// CUDA only: the fraction of GPU memory to reserve, e.g. 0.75.
    public var gpuMemoryFraction: Double?
    /// CUDA only: whether to reserve that memory at start.
    public var gpuPreallocate: Bool?
    /// A directory where compiled executables are kept between processes;
    /// nil disables the disk cache. Defaults to
    /// ``defaultCompilationCacheDirectory`` (on, under the user's cache).
    public var compilationCacheDirectory: String?
    /// The most bytes the disk cache keeps: after a write that passes it,
    /// the least recently used entries (by file time; a load refreshes it)
    /// are removed until it holds at most this much. 4 GiB by default.
    public var compilationCacheSizeLimit: Int
    /// Programs whose XLA compile took less than this many seconds are not
    /// written to the disk cache (loading a tiny program costs about what
    /// compiling it does, and eager execution compiles many). Defaults to
    /// `$HK_COMPILE_CACHE_MIN_SECONDS`, else 0.1.
    public var compilationCacheMinimumCompileSeconds: Double

    /// The disk cache directory unless told otherwise: `$HK_COMPILE_CACHE_DIR`
    /// (`off` disables the disk cache), else `compiled` in the package's
    /// cache directory (`$HK_CACHE_DIR`, else `$XDG_CACHE_HOME/haiku-swift`,
    /// else `~/.cache/haiku-swift`).
    public static var defaultCompilationCacheDirectory: String? {
        compilationCacheDirectory(setting: Environment.value("HK_COMPILE_CACHE_DIR"), cacheRoot: Environment.cacheDirectory)
    }

    /// The disk cache directory for a value of `HK_COMPILE_CACHE_DIR`
    /// (nil when unset): `off` (any case) disables it, another value names
    /// it, and unset means `compiled` under `cacheRoot`.
    public static func compilationCacheDirectory(setting: String?, cacheRoot: String) -> String? {
        guard let setting else { return cacheRoot + "/compiled" }
        return setting.lowercased() == "off" ? nil : setting
    }

    /// The disk cache's size limit unless told otherwise: 4 GiB.
    public static let defaultCompilationCacheSizeLimit = 4 << 30

    /// `$HK_COMPILE_CACHE_MIN_SECONDS` as a number, else 0.1; NaN when it
    /// is set but is not a number (``Client/init(plugin:options:)`` rejects it).
    public static var defaultCompilationCacheMinimumCompileSeconds: Double {
        guard let setting = Environment.value("HK_COMPILE_CACHE_MIN_SECONDS") else { return 0.1 }
        return Double(setting) ?? .nan
    }

    /// Creates options; every argument has the default described above.
    public init(cpuDeviceCount: Int = 1, asynchronous: Bool? = nil, gpuMemoryFraction: Double? = nil,
                gpuPreallocate: Bool? = nil,
                compilationCacheDirectory: String? = ClientOptions.defaultCompilationCacheDirectory,
                compilationCacheSizeLimit: Int = ClientOptions.defaultCompilationCacheSizeLimit,
                compilationCacheMinimumCompileSeconds: Double = ClientOptions.defaultCompilationCacheMinimumCompileSeconds) {
        self.cpuDeviceCount = cpuDeviceCount
        self.asynchronous = asynchronous
        self.gpuMemoryFraction = gpuMemoryFraction
        self.gpuPreallocate = gpuPreallocate
        self.compilationCacheDirectory = compilationCacheDirectory
        self.compilationCacheSizeLimit = compilationCacheSizeLimit
        self.compilationCacheMinimumCompileSeconds = compilationCacheMinimumCompileSeconds
    }

    /// Checks the disk cache's environment settings, so that a command can
    /// reject a bad one by name before it looks for a plugin:
    /// `HK_COMPILE_CACHE_MIN_SECONDS` must be a number of seconds at least 0
    /// (`HK_COMPILE_CACHE_DIR` and `HK_CACHE_DIR` take any path; empty is unset).
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` naming the variable and its value.
    public static func checkEnvironment() throws {
        if let setting = Environment.value("HK_COMPILE_CACHE_MIN_SECONDS"),
           !(Double(setting).map { $0 >= 0 && $0.isFinite } ?? false) {
            throw XLAError.invalidOptions(
                "HK_COMPILE_CACHE_MIN_SECONDS must be a number of seconds at least 0 (such as 0.5), not '\(setting)'")
        }
    }

    /// Checks the disk cache settings.
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` for a negative size limit or
    ///   a minimum compile time that is negative or not a number.
    func checkCompilationCache() throws {
        guard compilationCacheSizeLimit >= 0 else {
            throw XLAError.invalidOptions("compilationCacheSizeLimit must be at least 0 bytes, not \(compilationCacheSizeLimit)")
        }
        guard compilationCacheMinimumCompileSeconds >= 0 else {
            let setting = Environment.value("HK_COMPILE_CACHE_MIN_SECONDS").map { " (HK_COMPILE_CACHE_MIN_SECONDS is '\($0)')" } ?? ""
            throw XLAError.invalidOptions(
                "compilationCacheMinimumCompileSeconds must be a number of seconds at least 0, not \(compilationCacheMinimumCompileSeconds)\(setting)")
        }
    }

    /// The named create options for a platform, validated.
    func namedValues(for platform: Plugin.PlatformKind) throws -> [NamedValue] {
        var values: [NamedValue] = []
        switch platform {
        case .cpu:
            guard (1...1024).contains(cpuDeviceCount) else {
                throw XLAError.invalidOptions("cpuDeviceCount must be between 1 and 1024, not \(cpuDeviceCount)")
            }
            values.append(NamedValue("cpu_device_count", .int(Int64(cpuDeviceCount))))
            if let asynchronous { values.append(NamedValue("asynchronous", .bool(asynchronous))) }
        case .cuda:
            if let fraction = gpuMemoryFraction {
                guard fraction > 0 && fraction <= 1 else {
                    throw XLAError.invalidOptions("gpuMemoryFraction must be in (0, 1], not \(fraction)")
                }
                values.append(NamedValue("memory_fraction", .float(Float(fraction))))
            }
            if let preallocate = gpuPreallocate { values.append(NamedValue("preallocate", .bool(preallocate))) }
        case .other:
            break
        }
        return values
    }
}

/// A create option: a name and a value.
struct NamedValue {
    let name: String
    let value: PluginAttribute

    init(_ name: String, _ value: PluginAttribute) {
        self.name = name
        self.value = value
    }
}
