import Testing
import XLARuntime

/// A donated argument is consumed by the execution and says so when used again.
@Suite struct DonationTests {
    @Test(arguments: cpuPlugins)
    func donatedBufferIsConsumed(plugin: String) throws {
        let client = try Client.shared(plugin)
        let executable = try client.compile(addProgram(3, donating: true))
        #expect(executable.signature.donatedParameters == [0])
        let a = try client.buffer([Float(1), 2, 3], shape: [3])
        let b = try client.buffer([Float(10), 20, 30], shape: [3])
        let sum = try executable.execute([a, b])[0]
        #expect(try sum.toArray(as: Float.self) == [11, 22, 33])
        #expect(a.isDonated)
        #expect(!b.isDonated)
        #expect(throws: XLAError.bufferDonated(TensorType(.float32, [3]))) { try a.toArray(as: Float.self) }
        #expect(throws: XLAError.bufferDonated(TensorType(.float32, [3]))) { try executable.execute([a, b]) }
        // The non-donated argument is still usable.
        #expect(try b.toArray(as: Float.self) == [10, 20, 30])
    }

    @Test func donatingABufferPassedTwiceIsRejected() throws {
        let client = try Client.shared()
        let executable = try client.compile(addProgram(2, donating: true))
        let a = try client.buffer([Float(1), 2], shape: [2])
        #expect(throws: XLAError.self) { try executable.execute([a, a]) }
        #expect(!a.isDonated)
    }

    @Test func chainedDonationKeepsResultsCorrect() throws {
        let client = try Client.shared()
        let executable = try client.compile(addProgram(2, donating: true))
        let one = try client.buffer([Float(1), 1], shape: [2])
        var accumulator = try client.buffer([Float(0), 5], shape: [2])
        for _ in 0..<10 { accumulator = try executable.execute([accumulator, one])[0] }
        #expect(try accumulator.toArray(as: Float.self) == [10, 15])
    }
}
