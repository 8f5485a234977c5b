import CXLA
import Synchronization

/// A loaded PJRT plugin: a shared library exporting the PJRT C API.
///
/// A plugin is opened once per path and never closed. Use ``Plugin/load(_:)``
/// to find one by name or path (see ``PluginLocator``), then create a
/// ``Client`` from it.
public final class Plugin: @unchecked Sendable {
    /// The file the plugin was loaded from.
    public let path: String
    /// The PJRT C API version the plugin implements.
    public let apiVersion: APIVersion
    /// The plugin's attributes (`xla_version`, `stablehlo_current_version`, ...).
    public private(set) var attributes: [String: PluginAttribute]
    /// The platform family this plugin serves, judged from its file name.
    public let platformKind: PlatformKind
    /// The function table.
    let api: UnsafePointer<PJRT_Api>
    /// Why ``HostCallbacks`` cannot run in this plugin's programs, or nil.
    public private(set) var hostCallbackProblem: String?

    /// A PJRT C API version.
    public struct APIVersion: Hashable, Sendable, CustomStringConvertible {
        /// The major version; this runtime supports 0.
        public let major: Int
        /// The minor version: the number of additions since the major one.
        public let minor: Int
        /// `major.minor`.
        public var description: String { "\(major).\(minor)" }
    }

    /// Platform families, which take different client options.
    public enum PlatformKind: String, Sendable {
        /// XLA's CPU backend.
        case cpu
        /// NVIDIA GPUs through CUDA.
        case cuda
        /// A plugin we do not recognise: no platform-specific options are sent.
        case other
    }

    private static let loaded = Mutex<[String: Plugin]>([:])

    /// Finds and loads a plugin.
    ///
    /// - Parameter request: `"cpu"` (the default CPU plugin), `"xla-cpu-pjrt"`,
    ///   `"lammps-jax-pjrt-cpu"`, `"cuda"`, or a path to a `.so` file. When nil,
    ///   the `HK_PJRT_PLUGIN` environment variable decides, then `"cpu"`.
    /// - Throws: ``XLAError/pluginNotFound(request:searched:)``,
    ///   ``XLAError/pluginLoadFailed(path:reason:)`` or
    ///   ``XLAError/incompatibleAPIVersion(path:major:minor:)``.
    public static func load(_ request: String? = nil) throws -> Plugin {
        try load(path: PluginLocator().locate(request))
    }

    /// Loads the plugin at `path`, or returns it if it is already loaded.
    public static func load(path: String) throws -> Plugin {
        try loaded.withLock { plugins in
            if let plugin = plugins[path] { return plugin }
            if plugins.isEmpty { try Environment.setXLADefaults() }
            try Environment.checkXLAFlags(forPluginAt: path)
            let plugin = try Plugin(opening: path)
            plugins[path] = plugin
            return plugin
        }
    }

    private init(opening path: String) throws {
        var message: UnsafePointer<CChar>?
        guard let api = cxla_load_plugin(path, &message) else {
            let reason = message.map { String(cString: $0) } ?? "unknown dlopen failure"
            // A GPU plugin whose CUDA libraries or driver are missing is an
            // unavailable platform, not a broken installation.
            if Plugin.platformKind(ofPath: path) == .cuda {
                throw XLAError.platformUnavailable(platform: "cuda", reason: "its plugin could not be loaded (\(reason))")
            }
            throw XLAError.pluginLoadFailed(path: path, reason: reason)
        }
        self.api = api
        self.path = path
        let version = api.pointee.pjrt_api_version
        apiVersion = APIVersion(major: Int(version.major_version), minor: Int(version.minor_version))
        guard apiVersion.major == Int(PJRT_API_MAJOR) else {
            throw XLAError.incompatibleAPIVersion(path: path, major: apiVersion.major, minor: apiVersion.minor)
        }
        platformKind = Plugin.platformKind(ofPath: path)
        attributes = [:]
        for function in Plugin.requiredFunctions where !has(function.field) {
            throw XLAError.unsupportedByPlugin(function: function.name, path: path)
        }
        var initialize = PJRT_Plugin_Initialize_Args()
        initialize.struct_size = PJRT_Plugin_Initialize_Args_STRUCT_SIZE
        try check(api.pointee.PJRT_Plugin_Initialize(&initialize), during: "initializing the plugin")
        attributes = try readAttributes()
        hostCallbackProblem = registerHostCallbackHandler()
    }

    /// Whether the plugin's function table contains `function`.
    ///
    /// Entries newer than the plugin lie past the end of its table: they are
    /// garbage, not nil, so every optional call is gated by this check.
    func has<Function>(_ function: KeyPath<PJRT_Api, Function>) -> Bool {
        guard let offset = MemoryLayout<PJRT_Api>.offset(of: function) else { return false }
        return offset + MemoryLayout<Function>.size <= api.pointee.struct_size
    }

    /// Throws `XLAError.unsupportedByPlugin` unless the table has `function`.
    func require<Function>(_ function: KeyPath<PJRT_Api, Function>, _ name: String) throws {
        guard has(function) else { throw XLAError.unsupportedByPlugin(function: name, path: path) }
    }

    /// Turns a PJRT error into a Swift error, destroying the C error.
    func check(_ error: OpaquePointer?, during context: @autoclosure () -> String) throws {
        guard let error else { return }
        throw take(error, during: context())
    }

    /// Reads and destroys a PJRT error; `RESOURCE_EXHAUSTED` becomes
    /// ``XLAError/resourceExhausted(bytes:message:during:)``.
    func take(_ error: OpaquePointer, during context: String) -> XLAError {
        var message = PJRT_Error_Message_Args()
        message.struct_size = PJRT_Error_Message_Args_STRUCT_SIZE
        message.error = error
        api.pointee.PJRT_Error_Message(&message)
        let text = swiftString(message.message, message.message_size)
        var getCode = PJRT_Error_GetCode_Args()
        getCode.struct_size = PJRT_Error_GetCode_Args_STRUCT_SIZE
        getCode.error = error
        let codeError = api.pointee.PJRT_Error_GetCode(&getCode)
        var destroy = PJRT_Error_Destroy_Args()
        destroy.struct_size = PJRT_Error_Destroy_Args_STRUCT_SIZE
        destroy.error = error
        api.pointee.PJRT_Error_Destroy(&destroy)
        if let codeError {
            destroy.error = codeError
            api.pointee.PJRT_Error_Destroy(&destroy)
        }
        let code = codeError == nil ? PJRTErrorCode(rawValue: Int(getCode.code.rawValue)) : nil
        if code == .resourceExhausted { return .resourceExhausted(bytes: nil, message: text, during: context) }
        return .pjrt(code: code ?? .unknown, message: text, during: context)
    }

    private func readAttributes() throws -> [String: PluginAttribute] {
        guard has(\.PJRT_Plugin_Attributes) else { return [:] }
        var args = PJRT_Plugin_Attributes_Args()
        args.struct_size = PJRT_Plugin_Attributes_Args_STRUCT_SIZE
        try check(api.pointee.PJRT_Plugin_Attributes(&args), during: "reading plugin attributes")
        var result: [String: PluginAttribute] = [:]
        for index in 0..<args.num_attributes {
            let value = args.attributes[index]
            let name = swiftString(value.name, value.name_size)
            result[name] = PluginAttribute(value)
        }
        return result
    }

    private static func platformKind(ofPath path: String) -> PlatformKind {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        if file.contains("cuda") || file.contains("gpu") || path.contains("cuda") { return .cuda }
        if file.contains("cpu") { return .cpu }
        return .other
    }

    /// Functions every supported plugin must have (all are in API 0.81).
    nonisolated(unsafe) private static let requiredFunctions: [(name: String, field: PartialKeyPath<PJRT_Api>)] = [
        ("PJRT_Client_Create", \PJRT_Api.PJRT_Client_Create),
        ("PJRT_LoadedExecutable_Execute", \PJRT_Api.PJRT_LoadedExecutable_Execute),
        ("PJRT_Client_Compile", \PJRT_Api.PJRT_Client_Compile),
        ("PJRT_Buffer_ToHostBuffer", \PJRT_Api.PJRT_Buffer_ToHostBuffer),
        ("PJRT_Client_BufferFromHostBuffer", \PJRT_Api.PJRT_Client_BufferFromHostBuffer),
    ]

    private func has(_ function: PartialKeyPath<PJRT_Api>) -> Bool {
        guard let offset = MemoryLayout<PJRT_Api>.offset(of: function) else { return false }
        return offset + MemoryLayout<UnsafeRawPointer>.size <= api.pointee.struct_size
    }
}
