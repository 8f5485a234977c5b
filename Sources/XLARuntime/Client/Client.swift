import CXLA
import Synchronization

/// A PJRT client: the devices of one platform, and the entry point to move
/// data, compile and run programs there.
///
/// Clients are thread-safe. Buffers and executables keep their client alive.
public final class Client: @unchecked Sendable {
    /// The plugin the client came from.
    public let plugin: Plugin
    /// The options it was created with.
    public let options: ClientOptions
    /// The platform name (`cpu`, `cuda`).
    public let platformName: String
    /// The platform version string.
    public let platformVersion: String
    /// The devices this process can use, in the client's order.
    public private(set) var devices: [Device] = []
    /// Compiled executables, in memory and optionally on disk.
    public let cache: ExecutableCache
    let handle: OpaquePointer
    /// Whether buffers can be read through their device pointer (host memory).
    let readsDeviceMemoryDirectly: Bool
    var api: UnsafePointer<PJRT_Api> { plugin.api }

    private static let shared = Mutex<[String: Client]>([:])

    /// The process-wide client for a plugin request (see ``Plugin/load(_:)``),
    /// created on first use with default options. Cheap to call again: the
    /// request is looked up before any file is searched.
    public static func shared(_ request: String? = nil) throws -> Client {
        let requestKey = request ?? "\u{0}default"
        if let client = shared.withLock({ $0[requestKey] }) { return client }
        let plugin = try Plugin.load(request)
        return try shared.withLock { clients in
            if let client = clients[requestKey] ?? clients[plugin.path] {
                clients[requestKey] = client
                return client
            }
            let client = try Client(plugin: plugin)
            clients[plugin.path] = client
            clients[requestKey] = client
            return client
        }
    }

    /// Creates a client.
    ///
    /// - Throws: ``XLAError/platformUnavailable(platform:reason:)`` when the
    ///   platform cannot start here (a GPU plugin without a driver or device),
    ///   or ``XLAError/invalidOptions(_:)``.
    public init(plugin: Plugin, options: ClientOptions = ClientOptions()) throws {
        self.plugin = plugin
        self.options = options
        let api = plugin.api
        var create = PJRT_Client_Create_Args()
        create.struct_size = PJRT_Client_Create_Args_STRUCT_SIZE
        try options.checkCompilationCache()
        let values = try options.namedValues(for: plugin.platformKind)
        let error = withNamedValues(values) { pointer, count in
            create.create_options = pointer
            create.num_options = count
            return api.pointee.PJRT_Client_Create(&create)
        }
        if let error {
            let failure = plugin.take(error, during: "creating a client")
            if plugin.platformKind == .cuda, case let .pjrt(_, message, _) = failure {
                throw XLAError.platformUnavailable(platform: "cuda", reason: message)
            }
            throw failure
        }
        guard let client = create.client else {
            throw XLAError.platformUnavailable(platform: plugin.platformKind.rawValue, reason: "the plugin returned no client")
        }
        handle = client
        platformName = (try? Client.platformName(plugin, client)) ?? plugin.platformKind.rawValue
        platformVersion = (try? Client.platformVersion(plugin, client)) ?? ""
        readsDeviceMemoryDirectly = platformName == "cpu" && plugin.has(\.PJRT_Buffer_UnsafePointer)
            && plugin.has(\.PJRT_Buffer_GetMemoryLayout)
        cache = ExecutableCache(options)
        devices = try readDevices()
        guard !devices.isEmpty else {
            throw XLAError.platformUnavailable(platform: platformName, reason: "the client has no addressable devices")
        }
    }

    deinit {
        var destroy = PJRT_Client_Destroy_Args()
        destroy.struct_size = PJRT_Client_Destroy_Args_STRUCT_SIZE
        destroy.client = handle
        if let error = api.pointee.PJRT_Client_Destroy(&destroy) {
            _ = plugin.take(error, during: "destroying a client")
        }
    }

    /// The first device: where data and programs go unless told otherwise.
    public var defaultDevice: Device { devices[0] }

    /// Checks that `device` belongs to this client.
    func validate(_ device: Device) throws {
        guard device.clientID == ObjectIdentifier(self) else {
            throw XLAError.wrongDevice("\(device) belongs to another client")
        }
    }

    private func readDevices() throws -> [Device] {
        var args = PJRT_Client_AddressableDevices_Args()
        args.struct_size = PJRT_Client_AddressableDevices_Args_STRUCT_SIZE
        args.client = handle
        try plugin.check(api.pointee.PJRT_Client_AddressableDevices(&args), during: "listing devices")
        return try (0..<args.num_addressable_devices).map { index in
            let device = args.addressable_devices[index]!
            var describe = PJRT_Device_GetDescription_Args()
            describe.struct_size = PJRT_Device_GetDescription_Args_STRUCT_SIZE
            describe.device = device
            try plugin.check(api.pointee.PJRT_Device_GetDescription(&describe), during: "describing a device")
            var id = PJRT_DeviceDescription_Id_Args()
            id.struct_size = PJRT_DeviceDescription_Id_Args_STRUCT_SIZE
            id.device_description = describe.device_description
            try plugin.check(api.pointee.PJRT_DeviceDescription_Id(&id), during: "reading a device id")
            var kind = PJRT_DeviceDescription_Kind_Args()
            kind.struct_size = PJRT_DeviceDescription_Kind_Args_STRUCT_SIZE
            kind.device_description = describe.device_description
            try plugin.check(api.pointee.PJRT_DeviceDescription_Kind(&kind), during: "reading a device kind")
            let kindName = swiftString(kind.device_kind, kind.device_kind_size)
            return Device(id: Int(id.id), kind: kindName, platform: platformName, index: index,
                          clientID: ObjectIdentifier(self), handle: device)
        }
    }

    private static func platformName(_ plugin: Plugin, _ client: OpaquePointer) throws -> String {
        var args = PJRT_Client_PlatformName_Args()
        args.struct_size = PJRT_Client_PlatformName_Args_STRUCT_SIZE
        args.client = client
        try plugin.check(plugin.api.pointee.PJRT_Client_PlatformName(&args), during: "reading the platform name")
        return swiftString(args.platform_name, args.platform_name_size)
    }

    private static func platformVersion(_ plugin: Plugin, _ client: OpaquePointer) throws -> String {
        var args = PJRT_Client_PlatformVersion_Args()
        args.struct_size = PJRT_Client_PlatformVersion_Args_STRUCT_SIZE
        args.client = client
        try plugin.check(plugin.api.pointee.PJRT_Client_PlatformVersion(&args), during: "reading the platform version")
        return swiftString(args.platform_version, args.platform_version_size)
    }
}
