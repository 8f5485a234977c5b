/// The on-disk format of a cached executable: a header that lets a load
/// reject a damaged or foreign file before XLA sees its bytes (a plugin
/// crashes on some corrupt executables instead of returning an error).
///
/// Layout: the magic `HKXLAEXE`, the format version (UInt32, little
/// endian), the payload length (UInt64, little endian), the SHA-256 of the
/// entry's key text (32 bytes), the SHA-256 of the payload (32 bytes), then
/// the payload: the plugin's serialized executable. The key's hash makes a
/// file copied or renamed under another key's name a clean miss.
enum CacheEntryFile {
    static let magic = Array("HKXLAEXE".utf8)
    static let version: UInt32 = 2
    static let headerSize = magic.count + 4 + 8 + 32 + 32

    /// The file's bytes for a serialized executable stored under `key`.
    static func encode(_ payload: UnsafeRawBufferPointer, key: String) -> [UInt8] {
        var file = magic
        file.reserveCapacity(headerSize + payload.count)
        append(UInt64(version), bytes: 4, to: &file)
        append(UInt64(payload.count), bytes: 8, to: &file)
        file += checksum(key.utf8)
        file += checksum(payload)
        file += payload
        return file
    }

    /// The serialized executable in a file's bytes, or a reason why the file
    /// is not a valid entry for `key` (wrong magic or version, truncated,
    /// another key's entry, checksum).
    static func decode(_ file: [UInt8], key: String) -> Result<ArraySlice<UInt8>, Rejection> {
        guard file.count >= headerSize, Array(file[0..<magic.count]) == magic else { return .failure(.notAnEntry) }
        guard read(file, at: magic.count, bytes: 4) == UInt64(version) else { return .failure(.version) }
        let payload = file[headerSize...]
        guard read(file, at: magic.count + 4, bytes: 8) == UInt64(payload.count) else { return .failure(.length) }
        guard checksum(key.utf8).elementsEqual(file[(headerSize - 64)..<(headerSize - 32)]) else { return .failure(.foreign) }
        guard checksum(payload).elementsEqual(file[(headerSize - 32)..<headerSize]) else { return .failure(.checksum) }
        return .success(payload)
    }

    /// Why a file is not a valid cache entry.
    enum Rejection: Error, Equatable { case notAnEntry, version, length, foreign, checksum }

    private static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hash = SHA256()
        hash.update(bytes)
        return hash.finalize()
    }

    private static func append(_ value: UInt64, bytes: Int, to file: inout [UInt8]) {
        for index in 0..<bytes { file.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    private static func read(_ file: [UInt8], at offset: Int, bytes: Int) -> UInt64 {
        (0..<bytes).reduce(0) { $0 | UInt64(file[offset + $1]) << (8 * UInt64($1)) }
    }
}
