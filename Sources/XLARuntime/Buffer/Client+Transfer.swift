import CXLA
import XLATypes

extension Client {
    /// Copies a Swift array to a new buffer on a device.
    ///
    /// - Parameters:
    ///   - values: the elements, row-major; `shape`'s element count of them.
    ///   - shape: the dimensions; `[]` for a scalar.
    ///   - device: where to put the buffer; the client's first device if nil.
    /// - Throws: ``XLAError/hostDataCount(shape:expected:got:)`` when the
    ///   count does not match the shape.
    public func buffer<T: HostElement>(_ values: [T], shape: [Int], on device: Device? = nil) throws -> Buffer {
        let type = TensorType(T.elementType, shape)
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw XLAError.invalidOptions("shape \(shape) has a negative dimension")
        }
        guard values.count == type.elementCount else {
            throw XLAError.hostDataCount(shape: shape, expected: type.elementCount, got: values.count)
        }
        return try values.withUnsafeBytes { try buffer(bytes: $0, type: type, on: device) }
    }

    /// Copies a scalar to a new buffer on a device.
    public func buffer<T: HostElement>(scalar value: T, on device: Device? = nil) throws -> Buffer {
        try buffer([value], shape: [], on: device)
    }

    /// Copies dense, row-major bytes of `type` to a new buffer on a device.
    public func buffer(bytes: UnsafeRawBufferPointer, type: TensorType, on device: Device? = nil) throws -> Buffer {
        let device = device ?? defaultDevice
        try validate(device)
        guard bytes.count == type.byteCount else {
            throw XLAError.hostDataCount(shape: type.shape, expected: type.byteCount, got: bytes.count)
        }
        var args = PJRT_Client_BufferFromHostBuffer_Args()
        args.struct_size = PJRT_Client_BufferFromHostBuffer_Args_STRUCT_SIZE
        args.client = handle
        args.type = type.elementType.pjrtType
        args.host_buffer_semantics = PJRT_HostBufferSemantics_kImmutableOnlyDuringCall
        args.device = device.handle
        var placeholder: UInt64 = 0
        let dims = type.shape.map(Int64.init)
        let error = withUnsafeMutableBytes(of: &placeholder) { empty in
            dims.withUnsafeBufferPointer { dimensions in
                args.data = UnsafeRawPointer(bytes.baseAddress) ?? UnsafeRawPointer(empty.baseAddress!)
                args.dims = dimensions.baseAddress
                args.num_dims = dimensions.count
                return api.pointee.PJRT_Client_BufferFromHostBuffer(&args)
            }
        }
        try plugin.check(error, during: "copying \(type) to \(device)")
        if let done = args.done_with_host_buffer { plugin.destroy(event: done) }
        return Buffer(client: self, device: device, type: type, handle: args.buffer!)
    }

}
