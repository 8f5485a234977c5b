/// A Swift string from C characters that are not NUL-terminated (PJRT's
/// out-strings), copied so it outlives its owner.
func swiftString(_ characters: UnsafePointer<CChar>?, _ count: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(start: characters, count: count), as: UTF8.self)
}
