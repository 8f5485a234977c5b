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
    /// nil disables the disk cache. Defaults to `$HK_COMPILE_CACHE_DIR`.
    public var compilationCacheDirectory: String?

    /// The value of `$HK_COMPILE_CACHE_DIR`, or nil (no disk cache).
    public static var defaultCompilationCacheDirectory: String? { Environment.value("HK_COMPILE_CACHE_DIR") }

    /// Creates options; every argument has the default described above.
    public init(cpuDeviceCount: Int = 1, asynchronous: Bool? = nil, gpuMemoryFraction: Double? = nil,
                gpuPreallocate: Bool? = nil,
                compilationCacheDirectory: String? = ClientOptions.defaultCompilationCacheDirectory) {
        self.cpuDeviceCount = cpuDeviceCount
        self.asynchronous = asynchronous
        self.gpuMemoryFraction = gpuMemoryFraction
        self.gpuPreallocate = gpuPreallocate
        self.compilationCacheDirectory = compilationCacheDirectory
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
