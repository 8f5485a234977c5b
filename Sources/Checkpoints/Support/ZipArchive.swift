/// Reads the entries of a zip archive held in memory (what `np.savez` and
/// `np.savez_compressed` write): stored and deflated entries, zip64 sizes
/// and offsets, CRC-checked.
struct ZipArchive {
    /// One file in the archive, as its central directory describes it.
    struct Entry {
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let file: String
    /// The entries in central-directory order.
    let entries: [Entry]

    /// Parses the central directory of `bytes`; `file` names the archive in errors.
    init(_ bytes: [UInt8], file: String) throws(CheckpointError) {
        self.bytes = bytes
        self.file = file
        let reader = ByteReader(bytes: bytes, file: file)
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65535.
        guard bytes.count >= 22 else {
            throw bytes.starts(with: [0x50, 0x4B]) ? .truncated(file: file, size: bytes.count, needed: 22)
                : .corrupted(file: file, reason: "it is not a zip archive (an .npz file)")
        }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while end >= lowest, try reader.u32(end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else {
            throw bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
                ? .corrupted(file: file, reason: "the zip archive has no end-of-directory record (the file may be truncated)")
                : .corrupted(file: file, reason: "it is not a zip archive (an .npz file)")
        }
        var count = Int(try reader.u16(end + 10))
        var directorySize = Int(try reader.u32(end + 12))
        var directoryOffset = Int(try reader.u32(end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the record points to the zip64 end record.
            guard end >= 20, try reader.u32(end - 20) == 0x0706_4B50 else {
                throw .corrupted(file: file, reason: "the zip64 end-of-directory locator is missing")
            }
            let record = try reader.int64(end - 12)
            guard try reader.u32(record) == 0x0606_4B50 else {
                throw .corrupted(file: file, reason: "the zip64 end-of-directory record is missing")
            }
            count = try reader.int64(record + 32)
            directorySize = try reader.int64(record + 40)
            directoryOffset = try reader.int64(record + 48)
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw .truncated(file: file, size: bytes.count, needed: directoryOffset.addingReportingOverflow(directorySize).partialValue)
        }
        var entries: [Entry] = []
        var position = directoryOffset
        for _ in 0..<min(count, bytes.count / 46) {
            guard try reader.u32(position) == 0x0201_4B50 else {
                throw .corrupted(file: file, reason: "a central directory entry has a bad signature")
            }
            let flags = try reader.u16(position + 8)
            let method = try reader.u16(position + 10)
            let crc = try reader.u32(position + 16)
            var compressedSize = Int(try reader.u32(position + 20))
            var size = Int(try reader.u32(position + 24))
            let nameLength = Int(try reader.u16(position + 28))
            let extraLength = Int(try reader.u16(position + 30))
            let commentLength = Int(try reader.u16(position + 32))
            var localHeaderOffset = Int(try reader.u32(position + 42))
            let nameStart = position + 46
            let name = String(decoding: try reader.slice(nameStart, nameLength), as: UTF8.self)
            // The zip64 extra field holds, in order, the fields that overflowed.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = try reader.u16(extra)
                let length = Int(try reader.u16(extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    if size == 0xFFFF_FFFF { size = try reader.int64(field); field += 8 }
                    if compressedSize == 0xFFFF_FFFF { compressedSize = try reader.int64(field); field += 8 }
                    if localHeaderOffset == 0xFFFF_FFFF { localHeaderOffset = try reader.int64(field) }
                }
                extra += 4 + length
            }
            entries.append(Entry(name: name, method: method, flags: flags, crc: crc, compressedSize: compressedSize,
                                 size: size, localHeaderOffset: localHeaderOffset))
            position = extraEnd + commentLength
        }
        guard entries.count == count else {
            throw .corrupted(file: file, reason: "the zip directory claims \(count) entries but has room for \(entries.count)")
        }
        self.entries = entries
    }

    /// The uncompressed bytes of an entry, CRC-checked.
    func data(of entry: Entry) throws(CheckpointError) -> [UInt8] {
        let reader = ByteReader(bytes: bytes, file: file)
        let header = entry.localHeaderOffset
        guard try reader.u32(header) == 0x0403_4B50 else {
            throw .corrupted(file: file, reason: "entry '\(entry.name)' has a bad local header signature")
        }
        guard entry.flags & 1 == 0 else {
            throw .unsupported(file: file, feature: "encrypted zip entry '\(entry.name)'")
        }
        let start = header + 30 + Int(try reader.u16(header + 26)) + Int(try reader.u16(header + 28))
        let compressed = try reader.range(start, entry.compressedSize)
        let data: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else {
                throw .corrupted(file: file, reason: "stored entry '\(entry.name)' has different compressed and uncompressed sizes")
            }
            data = Array(bytes[compressed])
        case 8:
            // Deflate expands at most 1032-fold: a larger declared size is a
            // lie, refused before the output buffer is reserved for it.
            let (limit, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
            guard entry.size >= 0, overflow || entry.size <= limit + 1024 else {
                throw .corrupted(file: file, reason: "entry '\(entry.name)' declares \(entry.size) uncompressed bytes, which deflate cannot produce from \(entry.compressedSize) compressed bytes")
            }
            do {
                data = try Deflate.decompress(bytes, in: compressed, expectedSize: entry.size)
            } catch {
                throw .corrupted(file: file, reason: "entry '\(entry.name)': \(error.message)")
            }
        default:
            throw .unsupported(file: file, feature: "zip compression method \(entry.method) of entry '\(entry.name)' (only stored and deflate are read)")
        }
        guard Deflate.checksum(data) == entry.crc else {
            throw .corrupted(file: file, reason: "entry '\(entry.name)' fails its CRC check")
        }
        return data
    }
}

/// Bounds-checked little-endian reads; a read past the end is a truncated file.
struct ByteReader {
    let bytes: [UInt8]
    let file: String

    /// The range `start..<start + count`, if it lies inside the bytes.
    func range(_ start: Int, _ count: Int) throws(CheckpointError) -> Range<Int> {
        guard start >= 0, count >= 0, start <= bytes.count, count <= bytes.count - start else {
            throw .truncated(file: file, size: bytes.count, needed: max(start, 0).addingReportingOverflow(max(count, 0)).partialValue)
        }
        return start..<(start + count)
    }

    func slice(_ start: Int, _ count: Int) throws(CheckpointError) -> ArraySlice<UInt8> {
        bytes[try range(start, count)]
    }

    func unsigned(_ start: Int, _ width: Int) throws(CheckpointError) -> UInt64 {
        try slice(start, width).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    func u16(_ start: Int) throws(CheckpointError) -> UInt16 { UInt16(try unsigned(start, 2)) }
    func u32(_ start: Int) throws(CheckpointError) -> UInt32 { UInt32(try unsigned(start, 4)) }

    /// A 64-bit size or offset; one that does not fit an `Int` is corrupt.
    func int64(_ start: Int) throws(CheckpointError) -> Int {
        let value = try unsigned(start, 8)
        guard value <= UInt64(Int.max) else { throw .corrupted(file: file, reason: "a zip64 size or offset is out of range") }
        return Int(value)
    }
}
