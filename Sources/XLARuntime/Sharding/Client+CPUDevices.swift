import Synchronization

extension Client {
    private static let sharedCPU = Mutex<[Int: Client]>([:])

    /// The process-wide client of the default plugin with `count` CPU
    /// devices (``ClientOptions/cpuDeviceCount``), created on first use: the
    /// client that sharded programs over several CPU devices run on.
    /// ``shared(_:)`` stays the one-device client eager tensors use.
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` for a count outside 1...1024,
    ///   or the errors of ``Plugin/load(_:)`` and ``init(plugin:options:)``.
    public static func shared(cpuDeviceCount count: Int) throws -> Client {
        if let client = sharedCPU.withLock({ $0[count] }) { return client }
        let plugin = try Plugin.load()
        return try sharedCPU.withLock { clients in
            if let client = clients[count] { return client }
            let client = try Client(plugin: plugin, options: ClientOptions(cpuDeviceCount: count))
            clients[count] = client
            return client
        }
    }
}
