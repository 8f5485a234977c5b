import CXLA
import Synchronization
import XLATypes

/// An array on a device. Freed when the last reference goes away.
///
/// Buffers returned by ``Executable/execute(_:)`` may still be being computed:
/// nothing waits until a value is read (``Buffer/toArray(as:)``) or
/// ``Buffer/blockUntilReady()`` is called. A buffer passed to a program that
/// donates it is consumed: any later use throws ``XLAError/bufferDonated(_:)``.
public final class Buffer: @unchecked Sendable {
    /// The client that owns the buffer.
    public let client: Client
    /// The device the buffer lives on.
    public let device: Device
    /// Element type and shape.
    public let type: TensorType
    let handle: OpaquePointer
    private let donated = Atomic<Bool>(false)

    init(client: Client, device: Device, type: TensorType, handle: OpaquePointer) {
        self.client = client
        self.device = device
        self.type = type
        self.handle = handle
    }

    deinit {
        var destroy = PJRT_Buffer_Destroy_Args()
        destroy.struct_size = PJRT_Buffer_Destroy_Args_STRUCT_SIZE
        destroy.buffer = handle
        if let error = client.api.pointee.PJRT_Buffer_Destroy(&destroy) {
            _ = client.plugin.take(error, during: "destroying a buffer")
        }
    }

    /// The element type.
    public var elementType: ElementType { type.elementType }
    /// The shape.
    public var shape: [Int] { type.shape }
    /// Whether the buffer was donated to an execution and can no longer be used.
    public var isDonated: Bool { donated.load(ordering: .acquiring) }

    /// Marks the buffer as consumed by a donating execution.
    func markDonated() { donated.store(true, ordering: .releasing) }

    /// Throws ``XLAError/bufferDonated(_:)`` if the buffer was donated.
    func checkUsable() throws {
        if isDonated { throw XLAError.bufferDonated(type) }
    }

    /// Waits until the buffer's value has been computed; throws the error of
    /// the execution that produces it, if any.
    public func blockUntilReady() throws {
        try checkUsable()
        var ready = PJRT_Buffer_ReadyEvent_Args()
        ready.struct_size = PJRT_Buffer_ReadyEvent_Args_STRUCT_SIZE
        ready.buffer = handle
        try client.plugin.check(client.api.pointee.PJRT_Buffer_ReadyEvent(&ready), during: "waiting for a buffer")
        try client.plugin.awaitAndDestroy(ready.event!, during: "computing a buffer")
    }

    /// Copies the buffer to a new Swift array, waiting for it if needed.
    ///
    /// The buffer's computation is awaited before any host memory is
    /// allocated, so a failed computation throws its own error.
    ///
    /// - Throws: ``XLAError/elementTypeMismatch(buffer:requested:)`` if `T`
    ///   does not store this buffer's element type, ``XLAError/bufferDonated(_:)``,
    ///   the error of the execution that produced the buffer, or
    ///   ``XLAError/resourceExhausted(bytes:message:during:)`` when the host
    ///   cannot hold the copy.
    public func toArray<T: HostElement>(as _: T.Type = T.self) throws -> [T] {
        guard T.elementType == type.elementType else {
            throw XLAError.elementTypeMismatch(buffer: type.elementType, requested: T.elementType)
        }
        return try readToHost(count: type.elementCount)
    }

    /// Copies the buffer's dense, row-major bytes to a new array, waiting
    /// for it if needed; throws as ``toArray(as:)`` does.
    public func toBytes() throws -> [UInt8] {
        try readToHost(count: type.byteCount)
    }

    /// Waits for the buffer, checks that the host can hold `count` elements
    /// of `T` (together ``TensorType/byteCount`` bytes), then copies.
    private func readToHost<T>(count: Int) throws -> [T] {
        try blockUntilReady()
        try HostMemory.check(type.byteCount, during: "copying \(type) to the host")
        return try [T](unsafeUninitializedCapacity: count) { storage, initialized in
            try copyReadyBytes(to: UnsafeMutableRawBufferPointer(storage))
            initialized = count
        }
    }

    /// Copies the buffer's dense, row-major bytes into `destination`, which
    /// must hold exactly ``TensorType/byteCount`` bytes, waiting for the
    /// buffer if needed.
    public func copyBytes(to destination: UnsafeMutableRawBufferPointer) throws {
        try blockUntilReady()
        try copyReadyBytes(to: destination)
    }

    /// ``copyBytes(to:)`` for a buffer already awaited.
    private func copyReadyBytes(to destination: UnsafeMutableRawBufferPointer) throws {
        try checkUsable()
        guard destination.count == type.byteCount else {
            throw XLAError.hostDataCount(shape: type.shape, expected: type.byteCount, got: destination.count)
        }
        if type.byteCount == 0 { return }
        if client.readsDeviceMemoryDirectly, let source = try directPointer() {
            destination.copyMemory(from: UnsafeRawBufferPointer(start: source, count: type.byteCount))
            return
        }
        var copy = PJRT_Buffer_ToHostBuffer_Args()
        copy.struct_size = PJRT_Buffer_ToHostBuffer_Args_STRUCT_SIZE
        copy.src = handle
        copy.dst = destination.baseAddress
        copy.dst_size = destination.count
        try client.plugin.check(client.api.pointee.PJRT_Buffer_ToHostBuffer(&copy), during: "copying a buffer to the host")
        try client.plugin.awaitAndDestroy(copy.event!, during: "copying a buffer to the host")
    }

    /// On host-memory platforms, for an awaited buffer: a pointer to its
    /// bytes if they are laid out densely, major to minor. This is the fast
    /// read path (a few µs instead of tens for a copy on a worker thread).
    private func directPointer() throws -> UnsafeRawPointer? {
        guard hasDenseRowMajorLayout() else { return nil }
        var pointer = PJRT_Buffer_UnsafePointer_Args()
        pointer.struct_size = PJRT_Buffer_UnsafePointer_Args_STRUCT_SIZE
        pointer.buffer = handle
        try client.plugin.check(client.api.pointee.PJRT_Buffer_UnsafePointer(&pointer), during: "reading a buffer")
        return UnsafeRawPointer(bitPattern: UInt(pointer.buffer_pointer))
    }

    private func hasDenseRowMajorLayout() -> Bool {
        if type.shape.count <= 1 { return true }
        var layout = PJRT_Buffer_GetMemoryLayout_Args()
        layout.struct_size = PJRT_Buffer_GetMemoryLayout_Args_STRUCT_SIZE
        layout.buffer = handle
        if let error = client.api.pointee.PJRT_Buffer_GetMemoryLayout(&layout) {
            _ = client.plugin.take(error, during: "reading a buffer layout")
            return false
        }
        guard layout.layout.type == PJRT_Buffer_MemoryLayout_Type_Tiled, layout.layout.tiled.num_tiles == 0 else {
            return false
        }
        let order = UnsafeBufferPointer(start: layout.layout.tiled.minor_to_major,
                                        count: layout.layout.tiled.minor_to_major_size)
        return order.elementsEqual((0..<Int64(type.shape.count)).reversed())
    }
}
