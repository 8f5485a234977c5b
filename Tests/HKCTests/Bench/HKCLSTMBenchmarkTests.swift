import Foundation
import Testing

/// `hkc summary lstm` and `hkc bench lstm` run the LSTM benchmark model:
/// `LSTM(256)` and `Linear(64)` over `[T, B, 64]` sequences; `hkc bench
/// transformer` takes the same sequence options.
@Suite struct HKCLSTMBenchmarkTests {
    @Test func summaryTabulatesTheLSTMAndItsReadOut() throws {
        let result = try HKCProcess.run(["summary", "lstm", "--batch", "2"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // LSTM: w [64 + 256, 4 · 256] and b [1024]; Linear: w [256, 64] and b [64].
        for expected in ["lstm (LSTM)", "linear (Linear)", "f32[320,1024]", "f32[256,64]", "328,704", "16,448", "f32[64,2,64]"] {
            #expect(result.output.contains(expected), "\(expected) missing from \(result.output)")
        }
    }

    @Test(arguments: ["lstm", "transformer"])
    func benchmarkReportsTheStepOfTheGivenLength(model: String) throws {
        let result = try HKCProcess.run(["bench", model, "--length", "3", "--batch", "2", "--steps", "10", "--json"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(fields["model"] as? String == model)
        #expect(fields["length"] as? Int == 3)
        #expect(fields["batch"] as? Int == 2)
        let median = try #require(fields["median_ms"] as? Double)
        #expect(median > 0 && median.isFinite)
    }
}
