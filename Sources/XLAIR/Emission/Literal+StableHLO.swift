extension Literal {
    /// The literal as a StableHLO dense attribute both tested plugins parse:
    /// booleans as `true`/`false` lists (the older plugin rejects hex `i1`),
    /// other types as the hex of their little-endian bytes, a single
    /// repeated element as a splat.
    public var stableHLOText: String {
        let body: String
        if elementCount == 0 {
            body = ""
        } else if type.elementType == .bool {
            body = isSplat ? (bytes[0] != 0).description : nestedList { (self.bytes[$0] != 0).description }
        } else {
            let width = type.elementType.byteCount
            body = "\"0x" + Literal.hex(isSplat ? bytes[0..<width] : bytes[...]) + "\""
        }
        return "dense<\(body)> : \(type)"
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        var characters = [UInt8]()
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 15)])
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
