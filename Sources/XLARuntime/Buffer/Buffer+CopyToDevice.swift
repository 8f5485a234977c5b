import CXLA

extension Buffer {
    /// A copy of the buffer on another device of the same client (this
    /// buffer if it is already there). The copy is asynchronous.
    ///
    /// - Throws: ``XLAError/bufferDonated(_:)``, ``XLAError/wrongDevice(_:)``
    ///   for a device of another client, or a PJRT error.
    public func copy(to device: Device) throws -> Buffer {
        try checkUsable()
        try client.validate(device)
        if device == self.device { return self }
        var copy = PJRT_Buffer_CopyToDevice_Args()
        copy.struct_size = PJRT_Buffer_CopyToDevice_Args_STRUCT_SIZE
        copy.buffer = handle
        copy.dst_device = device.handle
        try client.plugin.check(client.api.pointee.PJRT_Buffer_CopyToDevice(&copy), during: "copying a buffer to \(device)")
        return Buffer(client: client, device: device, type: type, handle: copy.dst_buffer!)
    }
}
