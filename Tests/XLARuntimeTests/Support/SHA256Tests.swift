import Testing
@testable import XLARuntime

@Suite struct SHA256Tests {
    // FIPS 180-4 examples and the empty string.
    @Test func matchesStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Bytes fed in pieces of any size, contiguous or not, hash as one piece.
    @Test func piecewiseUpdatesMatchOneUpdate() {
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        var whole = SHA256()
        whole.update(bytes)
        let expected = whole.finalize()
        for pieceSize in [1, 3, 63, 64, 65, 200] {
            var contiguous = SHA256(), lazy = SHA256()
            for start in stride(from: 0, to: bytes.count, by: pieceSize) {
                let piece = bytes[start..<min(start + pieceSize, bytes.count)]
                contiguous.update(piece)
                lazy.update(piece.lazy.map { $0 })
            }
            #expect(contiguous.finalize() == expected)
            #expect(lazy.finalize() == expected)
        }
    }
}
