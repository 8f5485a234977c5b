import XLARuntime

/// Devices arranged in an array with named axes (`jax.sharding.Mesh`): a
/// ``NamedSharding`` splits an array's dimensions over these axes.
///
/// ```swift
/// let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])   // 4 CPU devices as a 2 × 2 grid
/// ```
public struct Mesh: Sendable, Hashable {
    /// The client the devices belong to.
    public let client: Client
    /// The devices, row-major over ``shape``: device `i` sits at the mesh
    /// coordinates ``coordinates(ofPosition:)`` of `i`.
    public let devices: [Device]
    /// The axis names, major to minor.
    public let axisNames: [String]
    /// The axis sizes, in the order of ``axisNames``.
    public let shape: [Int]

    /// A mesh over `devices` of `client` (its first devices when nil),
    /// row-major over `axes`.
    ///
    /// - Throws: ``TensorError/invalidTransformation(reason:location:)`` when
    ///   the axis sizes do not multiply to the device count, a size is not
    ///   positive, a name repeats or is empty, or a device repeats or is not
    ///   one of the client's.
    public init(client: Client, devices: [Device]? = nil, axes: [(name: String, size: Int)],
                file: String = #fileID, line: Int = #line) throws {
        let place = location(file, line)
        func failure(_ reason: String) -> TensorError { .invalidTransformation(reason: "Mesh: " + reason, location: place) }
        guard !axes.isEmpty else { throw failure("a mesh needs at least one axis") }
        for (name, size) in axes {
            guard !name.isEmpty else { throw failure("an axis name is empty") }
            guard size >= 1 else { throw failure("axis '\(name)' has size \(size); sizes must be at least 1") }
        }
        let names = axes.map(\.name)
        guard Set(names).count == names.count else { throw failure("axis names \(names) repeat a name") }
        let count = CheckedSize.product(axes.map(\.size)).value
        let devices = devices ?? Array(client.devices.prefix(count ?? 0))
        guard let count, count == devices.count else {
            throw failure("axes \(axes.map { "\($0.name)=\($0.size)" }) need \(axes.map(\.size).map(String.init).joined(separator: " × ")) devices, but \(devices.count) were given")
        }
        guard Set(devices).count == devices.count else { throw failure("a device is listed twice") }
        if let stranger = devices.first(where: { !client.devices.contains($0) }) {
            throw failure("\(stranger) is not a device of the client (its devices: \(client.devices))")
        }
        self.client = client
        self.devices = devices
        axisNames = names
        shape = axes.map(\.size)
    }

    /// A mesh over the devices of the process-wide CPU client with as
    /// many devices as the axes need (``XLARuntime/Client/shared(cpuDeviceCount:)``).
    ///
    /// - Throws: as ``init(client:devices:axes:file:line:)``, or a
    ///   ``TensorError/runtime(_:)`` error when the client cannot be created.
    public init(cpuAxes axes: [(name: String, size: Int)], file: String = #fileID, line: Int = #line) throws {
        guard let count = CheckedSize.product(axes.map(\.size)).value, (1...1024).contains(count) else {
            throw TensorError.invalidTransformation(
                reason: "Mesh: axes \(axes.map { "\($0.name)=\($0.size)" }) need between 1 and 1024 CPU devices",
                location: location(file, line))
        }
        let client: Client
        do { client = try Client.shared(cpuDeviceCount: count) } catch { throw TensorError(error) }
        try self.init(client: client, axes: axes, file: file, line: line)
    }

    /// The number of devices.
    public var size: Int { devices.count }

    /// The size of the axis `name`, or nil when the mesh has no such axis.
    public func axisSize(_ name: String) -> Int? {
        axisNames.firstIndex(of: name).map { shape[$0] }
    }

    /// The mesh coordinates (one per axis) of the device at `position` in ``devices``.
    public func coordinates(ofPosition position: Int) -> [Int] {
        var rest = position
        var coordinates = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            coordinates[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return coordinates
    }

    /// The Shardy declaration of this mesh named `name`: `sdy.mesh @name = <["data"=2, "model"=2]>`.
    func shardyDeclaration(name: String) -> String {
        "sdy.mesh @\(name) = <[" + zip(axisNames, shape).map { "\"\($0)\"=\($1)" }.joined(separator: ", ") + "]>"
    }

    /// Meshes are equal when they have the same client, devices, names and shape.
    public static func == (lhs: Mesh, rhs: Mesh) -> Bool {
        lhs.client === rhs.client && lhs.devices == rhs.devices && lhs.axisNames == rhs.axisNames && lhs.shape == rhs.shape
    }

    /// Hashes the devices, names and shape.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(devices)
        hasher.combine(axisNames)
        hasher.combine(shape)
    }
}

extension Mesh {
    /// The fibres of the axis at `axis`: for each setting of the other
    /// coordinates, the positions along it in index order (on a 2 × 2 mesh,
    /// `[[0, 2], [1, 3]]` for axis 0 and `[[0, 1], [2, 3]]` for axis 1).
    func fibers(ofAxis axis: Int) -> [[Int]] {
        var fibers: [[Int]] = []
        var fiberOfRest: [[Int]: Int] = [:]
        for position in devices.indices {
            var rest = coordinates(ofPosition: position)
            rest.remove(at: axis)
            if let fiber = fiberOfRest[rest] {
                fibers[fiber].append(position)
            } else {
                fiberOfRest[rest] = fibers.count
                fibers.append([position])
            }
        }
        return fibers
    }
}
