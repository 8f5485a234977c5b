import Checkpoints
import Haiku

/// Grey images laid out in a grid and encoded as a PNG (8-bit greyscale):
/// `hkc train mnist --model vqvae` shows inputs over their reconstructions.
public struct ImageGrid: Sendable {
    /// Pixels of the whole grid, row by row, in `[0, 1]` (values outside are clamped).
    public private(set) var pixels: [Float]
    /// The grid's width in pixels.
    public let width: Int
    /// The grid's height in pixels.
    public let height: Int

    /// Rows of `columns` cells: for each group of `columns` images, a row of
    /// `inputs` and under it a row of their `reconstructions`, with a
    /// `gap`-pixel white border around every cell. Both tensors are
    /// `[N, H, W, 1]` or `[N, H, W]` of the same shape.
    ///
    /// - Throws: ``ImageGridError`` when the shapes differ, are not grey
    ///   images, or `columns` or `gap` is out of range.
    public init(inputs: Tensor, reconstructions: Tensor, columns: Int, gap: Int = 2) throws {
        let shape = inputs.shape
        guard shape == reconstructions.shape else {
            throw ImageGridError("inputs \(shape) and reconstructions \(reconstructions.shape) differ in shape")
        }
        guard shape.count == 3 || (shape.count == 4 && shape[3] == 1), shape.allSatisfy({ $0 > 0 }) else {
            throw ImageGridError("images must be [N, H, W] or [N, H, W, 1] grey images, not \(shape)")
        }
        guard (1...1024).contains(columns), (0...64).contains(gap) else {
            throw ImageGridError("columns must be 1 to 1024 and gap 0 to 64 (got \(columns), \(gap))")
        }
        let (count, cellHeight, cellWidth) = (shape[0], shape[1], shape[2])
        let groups = (count + columns - 1) / columns
        width = gap + columns * (cellWidth + gap)
        height = gap + 2 * groups * (cellHeight + gap)
        guard width <= 1 << 14, height <= 1 << 14 else {
            throw ImageGridError("a grid of \(width)x\(height) pixels is too large (at most 16384 each way)")
        }
        pixels = [Float](repeating: 1, count: width * height)
        let sources = [try inputs.converted(to: .float32).scalars(as: Float.self),
                       try reconstructions.converted(to: .float32).scalars(as: Float.self)]
        let cellSize = cellHeight * cellWidth
        for image in 0..<count {
            for (row, source) in sources.enumerated() {
                let top = gap + (2 * (image / columns) + row) * (cellHeight + gap)
                let left = gap + (image % columns) * (cellWidth + gap)
                for y in 0..<cellHeight {
                    let start: Int = image * cellSize + y * cellWidth
                    let target: Int = (top + y) * width + left
                    pixels.replaceSubrange(target ..< target + cellWidth, with: source[start ..< start + cellWidth])
                }
            }
        }
    }

    /// The grid as a PNG file: 8-bit greyscale, no interlacing.
    ///
    /// - Throws: ``ImageGridError`` when zlib cannot compress it.
    public func png() throws -> [UInt8] {
        var scanlines = [UInt8]()
        scanlines.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            scanlines.append(0)  // filter type: none
            scanlines += pixels[y * width ..< (y + 1) * width].map { value in
                UInt8((min(max(value.isNaN ? 0 : value, 0), 1) * 255).rounded())
            }
        }
        guard let compressed = Deflate.zlibCompress(scanlines) else { throw ImageGridError("zlib could not compress the grid") }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", compressed) + chunk("IEND", [])
    }

    /// A PNG chunk: length, type, data and the CRC-32 of type and data.
    private func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(Deflate.checksum(typed))
    }

    private func bigEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
    }
}

/// Why an ``ImageGrid`` could not be made or encoded.
public struct ImageGridError: Error, Equatable, CustomStringConvertible {
    /// One sentence.
    public let description: String

    init(_ reason: String) { description = "Cannot draw the image grid: \(reason)." }
}
