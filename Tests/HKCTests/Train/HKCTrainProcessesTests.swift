import Distributed
import Foundation
import Testing

/// `hkc train mnist --processes 2`: hkc starts two copies of itself that
/// join over loopback, each trains on half of every batch, and the
/// averaged gradients make the run follow one process's. Runs are bounded:
/// every wait for a peer times out (`HK_PROCESS_TIMEOUT`), and a failed
/// process makes the launcher stop the others.
@Suite struct HKCTrainProcessesTests {
    /// Two epochs of 10 steps (batch 20 of 200 synthetic images): the
    /// losses and test accuracies process 0 prints equal one process's up
    /// to rounding (the halves' cross-entropies are summed in another order,
    /// a few ulp that Adam carries: rtol 1e-4 on the losses, as
    /// `DataParallelTrainerTests` for devices); each process taking only its
    /// half without averaging would give other losses.
    @Test(arguments: ["mlp", "cnn"])
    func twoProcessesFollowOneProcess(model: String) throws {
        let root = try Self.syntheticMNIST()
        defer { try? FileManager.default.removeItem(at: root) }
        func run(processes: Int) throws -> [(loss: Float, accuracy: String)] {
            let result = try HKCProcess.run(
                ["train", "mnist", "--model", model, "--batch", "20", "--epochs", "2", "--processes", "\(processes)",
                 "--checkpoint", root.path + "/p\(processes).safetensors", "--curve", root.path + "/p\(processes).svg"],
                environment: ["HK_CACHE_DIR": root.path, "HK_PROCESS_TIMEOUT": "120"])
            #expect(result.status == 0 && !result.crashed, "\(result.output)")
            return Self.epochReports(result.output)
        }
        let one = try run(processes: 1), two = try run(processes: 2)
        #expect(one.count == 2 && two.count == 2, "\(one) \(two)")
        for (a, b) in zip(one, two) {
            #expect(abs(a.loss - b.loss) <= 1e-4 * abs(a.loss), "losses \(a.loss) with one process, \(b.loss) with two")
            #expect(a.accuracy == b.accuracy)
        }
        #expect(FileManager.default.fileExists(atPath: root.path + "/p2.safetensors"))
    }

    /// A process started as process 0 of two whose peer never comes: a
    /// typed error naming the missing process after the timeout, not a hang.
    @Test func aMissingPeerIsAnErrorWithinTheTimeout() throws {
        let started = Date()
        let result = try HKCProcess.run(["train", "mnist", "--processes", "2"],
                                        environment: ["HK_PROCESS_ID": "0", "HK_NUM_PROCESSES": "2",
                                                      "HK_COORDINATOR": try Address.freePort().description, "HK_PROCESS_TIMEOUT": "1"])
        #expect(!result.crashed && result.status == 1, "\(result.output)")
        #expect(result.output.contains("Processes 1 did not join the group within 1.0 s"), "\(result.output)")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    /// A malformed coordinator address is an error naming the variable.
    @Test func aBadCoordinatorIsAnError() throws {
        let result = try HKCProcess.run(["train", "mnist", "--processes", "2"],
                                        environment: ["HK_PROCESS_ID": "1", "HK_NUM_PROCESSES": "2", "HK_COORDINATOR": "localhost"])
        #expect(!result.crashed && result.status == 1, "\(result.output)")
        #expect(result.output.contains("HK_COORDINATOR=\"localhost\" is invalid"), "\(result.output)")
    }

    /// Processes that fail (no data here) end the launcher with an error
    /// naming the process, the others stopped. (Their own messages share
    /// standard error and may interleave.)
    @Test func aFailedProcessEndsTheLaunch() throws {
        let root = try temporaryCache("hkc-no-mnist")
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try HKCProcess.run(["train", "mnist", "--processes", "2"],
                                        environment: ["HK_CACHE_DIR": root.path, "HK_PROCESS_TIMEOUT": "30"])
        #expect(!result.crashed && result.status == 1, "\(result.output)")
        #expect(result.output.contains("Error: Process 0 failed (exit status 1).")
            || result.output.contains("Error: Process 1 failed (exit status 1)."), "\(result.output)")
    }

    @Test(arguments: [
        (["--processes", "0"], "--processes"),
        (["--processes", "3"], "--batch 100 does not split evenly over --processes 3"),
        (["--processes", "2", "--devices", "2"], "--processes and --devices cannot be combined"),
        (["--processes", "2", "--model", "resnet18"], "--processes is for mnist and fashion-mnist with --model mlp or cnn"),
    ])
    func badProcessOptionsAreUsageErrors(options: [String], message: String) throws {
        let result = try HKCProcess.run(["train", "mnist"] + options)
        #expect(!result.crashed && result.status == 64, "\(result.output)")
        #expect(result.output.contains(message), "\(result.output)")
    }

    /// The `epoch N: test accuracy A%, loss L, ...` lines: loss and accuracy.
    static func epochReports(_ output: String) -> [(loss: Float, accuracy: String)] {
        output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("epoch "), let accuracy = line.firstRange(of: "accuracy "), let loss = line.firstRange(of: ", loss "),
                  let end = line[loss.upperBound...].firstIndex(of: ","), let value = Float(line[loss.upperBound ..< end]) else { return nil }
            return (value, String(line[accuracy.upperBound ..< loss.lowerBound]))
        }
    }

    /// A cache with MNIST-shaped idx files: 200 training and 100 test
    /// images of random pixels, their labels the brightest of ten bands of rows.
    static func syntheticMNIST() throws -> URL {
        let root = try temporaryCache("hkc-mnist")
        let directory = root.appendingPathComponent("data/mnist")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var state: UInt64 = 7
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        func header(_ words: [UInt32]) -> Data { Data(words.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) }) }
        for (prefix, count) in [("train", 200), ("t10k", 100)] {
            let pixels = (0 ..< count * 784).map { _ in next() }
            let labels = (0 ..< count).map { image in
                UInt8((0 ..< 10).max { band, other in
                    func brightness(_ b: Int) -> Int { pixels[(image * 784 + b * 78) ..< (image * 784 + b * 78 + 78)].reduce(0) { $0 + Int($1) } }
                    return brightness(band) < brightness(other)
                }!)
            }
            try (header([0x803, UInt32(count), 28, 28]) + Data(pixels)).write(to: directory.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try (header([0x801, UInt32(count)]) + Data(labels)).write(to: directory.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
        return root
    }
}
