import CXLA
import XLATypes

/// The typed XLA FFI handler registered for ``HostCallbacks/targetName``.
///
/// XLA calls it once at registration with a metadata query (answered with
/// FFI API 0.1 and no traits), then at the execute stage of every run of
/// the custom call: it copies the buffer operands to ``HostArray``s,
/// decodes the attributes, runs the named callback and writes zeros into
/// its results (the order values that chain callbacks; see
/// `EffectOrdering` in XLAIR). A failure becomes an XLA FFI error, which
/// fails the computation with its message.
let hostCallbackHandler: @convention(c) (UnsafeMutablePointer<CXLA_FFI_CallFrame>?) -> UnsafeMutableRawPointer? = { frame in
    guard let frame else { return nil }
    if let query = frame.pointee.extension_start, query.pointee.type == metadataQueryType {
        answerMetadataQuery(UnsafeMutableRawPointer(query).assumingMemoryBound(to: CXLA_FFI_MetadataQuery.self))
        return nil
    }
    guard frame.pointee.stage == executeStage else { return nil }
    do {
        let arrays = try hostArrays(frame.pointee.args)
        try HostCallbacks.call(arrays, try attributes(frame.pointee.attrs))
        try zeroResults(frame.pointee.rets)
        return nil
    } catch {
        return ffiError(frame, "host callback failed: \(error)")
    }
}

/// The frame extension type of XLA's metadata query.
private let metadataQueryType: Int32 = 1
/// The call-frame stage at which a handler does its work.
private let executeStage: Int32 = 3
/// The argument, result and attribute kinds the handler reads.
private let bufferKind: Int32 = 1, scalarKind: Int32 = 3, stringKind: Int32 = 4

private func answerMetadataQuery(_ query: UnsafeMutablePointer<CXLA_FFI_MetadataQuery>) {
    guard let metadata = query.pointee.metadata else { return }
    metadata.pointee.api_version.major_version = 0
    metadata.pointee.api_version.minor_version = 1
    metadata.pointee.traits = 0
}

private func buffers(_ values: CXLA_FFI_Values, _ role: String) throws -> [CXLA_FFI_Buffer] {
    try (0..<Int(values.size)).map { index in
        guard values.types[index] == bufferKind, let pointer = values.values[index] else {
            throw HostCallbackError("\(role) \(index) is not a buffer")
        }
        return pointer.assumingMemoryBound(to: CXLA_FFI_Buffer.self).pointee
    }
}

private func hostArrays(_ args: CXLA_FFI_Values) throws -> [HostArray] {
    try buffers(args, "argument").enumerated().map { index, buffer in
        guard let elementType = ElementType(xlaPrimitiveType: buffer.dtype) else {
            throw HostCallbackError("argument \(index) has XLA element type \(buffer.dtype), which host callbacks do not read")
        }
        let shape = (0..<Int(buffer.rank)).map { Int(buffer.dims[$0]) }
        let count = shape.reduce(1, *) * elementType.byteCount
        let bytes = count == 0 ? [] : Array(UnsafeRawBufferPointer(start: buffer.data, count: count))
        return HostArray(elementType: elementType, shape: shape, bytes: bytes)
    }
}

private func zeroResults(_ rets: CXLA_FFI_Values) throws {
    for buffer in try buffers(rets, "result") {
        guard let elementType = ElementType(xlaPrimitiveType: buffer.dtype), let data = buffer.data else { continue }
        let count = (0..<Int(buffer.rank)).reduce(1) { $0 * Int(buffer.dims[$1]) } * elementType.byteCount
        data.initializeMemory(as: UInt8.self, repeating: 0, count: count)
    }
}

private func attributes(_ attrs: CXLA_FFI_Attributes) throws -> HostCallbackAttributes {
    var result = HostCallbackAttributes()
    for index in 0..<Int(attrs.size) {
        guard let namePointer = attrs.names[index], let value = attrs.values[index] else { continue }
        let name = text(namePointer.pointee)
        switch attrs.types[index] {
        case stringKind:
            result.strings[name] = text(value.assumingMemoryBound(to: CXLA_FFI_Bytes.self).pointee)
        case scalarKind:
            let scalar = value.assumingMemoryBound(to: CXLA_FFI_Scalar.self).pointee
            switch ElementType(xlaPrimitiveType: scalar.dtype) {
            case .int64?: result.integers[name] = Int(scalar.value.load(as: Int64.self))
            case .int32?: result.integers[name] = Int(scalar.value.load(as: Int32.self))
            default: throw HostCallbackError("attribute '\(name)' is a scalar of XLA element type \(scalar.dtype), not an integer")
            }
        default:
            throw HostCallbackError("attribute '\(name)' is of a kind host callbacks do not read")
        }
    }
    return result
}

private func text(_ bytes: CXLA_FFI_Bytes) -> String {
    guard let pointer = bytes.ptr, bytes.len > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: bytes.len), as: UTF8.self)
}

/// An XLA FFI error (code INTERNAL) with `message`, or nil when the frame
/// offers no way to make one.
private func ffiError(_ frame: UnsafeMutablePointer<CXLA_FFI_CallFrame>, _ message: String) -> UnsafeMutableRawPointer? {
    guard let create = frame.pointee.api?.pointee.create_error else { return nil }
    return message.withCString { text in
        var args = CXLA_FFI_ErrorCreateArgs()
        args.struct_size = MemoryLayout<CXLA_FFI_ErrorCreateArgs>.size
        args.message = text
        args.code = 13
        return create(&args)
    }
}

extension ElementType {
    /// The element type XLA numbers `code` (its `PrimitiveType`), if the
    /// library has it.
    init?(xlaPrimitiveType code: Int32) {
        guard let type = Self.byXLAPrimitiveType[code] else { return nil }
        self = type
    }

    /// XLA's `PrimitiveType` numbers of the element types.
    private static let byXLAPrimitiveType: [Int32: ElementType] = [
        1: .bool, 2: .int8, 3: .int16, 4: .int32, 5: .int64, 6: .uint8, 7: .uint16, 8: .uint32, 9: .uint64,
        10: .float16, 11: .float32, 12: .float64, 16: .bfloat16,
    ]
}
