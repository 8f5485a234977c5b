import Testing
import XLARuntime

/// Every element type goes to the device and back unchanged, on both plugins.
@Suite struct BufferTests {
    func roundTrip<T: HostElement & Equatable>(_ values: [T], shape: [Int], _ plugin: String) throws {
        let client = try Client.shared(plugin)
        let buffer = try client.buffer(values, shape: shape)
        #expect(buffer.elementType == T.elementType)
        #expect(buffer.shape == shape)
        #expect(try buffer.toArray(as: T.self) == values)
    }

    @Test(arguments: cpuPlugins)
    func everyElementTypeRoundTrips(plugin: String) throws {
        try roundTrip([true, false, true, true, false, false], shape: [2, 3], plugin)
        try roundTrip([Int8.min, -1, 0, Int8.max], shape: [4], plugin)
        try roundTrip([Int16.min, -1, 0, Int16.max], shape: [2, 2], plugin)
        try roundTrip([Int32.min, -1, 0, Int32.max], shape: [1, 4], plugin)
        try roundTrip([Int64.min, -1, 0, Int64.max], shape: [4, 1], plugin)
        try roundTrip([UInt8.min, 1, 200, UInt8.max], shape: [4], plugin)
        try roundTrip([UInt16.min, 1, 40000, UInt16.max], shape: [4], plugin)
        try roundTrip([UInt32.min, 1, 3_000_000_000, UInt32.max], shape: [4], plugin)
        try roundTrip([UInt64.min, 1, UInt64.max / 3, UInt64.max], shape: [2, 2], plugin)
        try roundTrip([Float16(1.5), -0.0, .infinity, Float16.greatestFiniteMagnitude], shape: [4], plugin)
        try roundTrip([BFloat16(3.140625), BFloat16(-0.0), BFloat16(Float.infinity), BFloat16(1e30)], shape: [4], plugin)
        try roundTrip([Float(1.5), -0.0, .infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude], shape: [5], plugin)
        try roundTrip([Double.pi, -0.0, -.infinity, .leastNonzeroMagnitude], shape: [2, 2], plugin)
    }

    @Test(arguments: cpuPlugins)
    func scalarsEmptyArraysAndNaN(plugin: String) throws {
        try roundTrip([Float(42)], shape: [], plugin)
        try roundTrip([Float](), shape: [0, 3], plugin)
        try roundTrip([Int32](), shape: [2, 0], plugin)
        let client = try Client.shared(plugin)
        let nan = try client.buffer(scalar: Float.nan).toArray(as: Float.self)
        #expect(nan.count == 1 && nan[0].isNaN)
    }

    @Test func largeMatrixUsesDenseRowMajorOrder() throws {
        let client = try Client.shared()
        let values = (0..<(64 * 48)).map { Float($0) }
        let buffer = try client.buffer(values, shape: [64, 48])
        #expect(try buffer.toArray(as: Float.self) == values)
    }
}
