import Checkpoints
import Haiku
import Testing
import Training

/// The PNG `hkc train mnist --model vqvae` writes: well-formed chunks with
/// correct CRCs, and pixels where the grid puts them.
@Suite struct ImageGridTests {
    /// Reads a PNG's chunks as (type, data), checking each CRC.
    func chunks(_ png: [UInt8]) throws -> [(String, [UInt8])] {
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var (offset, result) = (8, [(String, [UInt8])]())
        func uint32(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        while offset < png.count {
            let length = uint32(offset)
            let typed = Array(png[offset + 4 ..< offset + 8 + length])
            #expect(UInt32(uint32(offset + 8 + length)) == Deflate.checksum(typed))
            result.append((String(decoding: typed.prefix(4), as: UTF8.self), Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        #expect(offset == png.count)
        return result
    }

    /// Three 2x3 images (0, 0.5 and 1) over their inverses, two columns, gap 1:
    /// a 9-pixel-wide, 13-pixel-high grey PNG with the cells in place.
    @Test func pngHoldsTheCellsInPlace() throws {
        let inputs = Tensor((0..<18).map { Float($0 / 6) / 2 }, shape: [3, 2, 3, 1])
        let grid = try ImageGrid(inputs: inputs, reconstructions: 1 - inputs, columns: 2, gap: 1)
        #expect((grid.width, grid.height) == (9, 13))
        let parts = try chunks(try grid.png())
        #expect(parts.map(\.0) == ["IHDR", "IDAT", "IEND"])
        #expect(parts[0].1 == [0, 0, 0, 9, 0, 0, 0, 13, 8, 0, 0, 0, 0])
        let stream = parts[1].1
        #expect(stream[0] == 0x78 && (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0)
        let rows = try Deflate.decompress(stream, in: 2 ..< stream.count - 4, expectedSize: 13 * 10)
        func pixel(_ x: Int, _ y: Int) -> UInt8 { rows[y * 10 + 1 + x] }
        // The trailer: Adler-32 of the scanlines, big-endian.
        let (a, b) = rows.reduce((1, 0)) { sums, byte in ((sums.0 + Int(byte)) % 65_521, (sums.1 + sums.0 + Int(byte)) % 65_521) }
        #expect(Array(stream.suffix(4)) == [UInt8(b >> 8), UInt8(b & 255), UInt8(a >> 8), UInt8(a & 255)])
        #expect((0..<13).allSatisfy { rows[$0 * 10] == 0 })  // no filter on any row
        #expect(pixel(1, 1) == 0 && pixel(5, 1) == 128 && pixel(1, 7) == 255)  // inputs 0, 0.5, 1
        #expect(pixel(1, 4) == 255 && pixel(5, 4) == 128 && pixel(1, 10) == 0)  // their reconstructions
        #expect(pixel(0, 0) == 255 && pixel(4, 1) == 255 && pixel(5, 7) == 255)  // gaps and the empty cell are white
    }

    @Test func mismatchedOrColouredImagesAreRejected() throws {
        let grey = Tensor.zeros([2, 4, 4, 1])
        #expect(throws: ImageGridError.self) { try ImageGrid(inputs: grey, reconstructions: Tensor.zeros([2, 4, 5, 1]), columns: 2) }
        #expect(throws: ImageGridError.self) {
            try ImageGrid(inputs: Tensor.zeros([2, 4, 4, 3]), reconstructions: Tensor.zeros([2, 4, 4, 3]), columns: 2)
        }
        #expect(throws: ImageGridError.self) { try ImageGrid(inputs: grey, reconstructions: grey, columns: 0) }
    }
}
