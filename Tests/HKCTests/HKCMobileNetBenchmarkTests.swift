import Foundation
import Testing

/// `hkc summary mobilenet` and `hkc bench mobilenet` run the MobileNetV1
/// benchmark model: `MobileNetV1(numClasses: 10)` on `[B, 32, 32, 3]` images.
@Suite struct HKCMobileNetBenchmarkTests {
    @Test func summaryTabulatesTheNetworkWithHaikusNames() throws {
        let result = try HKCProcess.run(["summary", "mobilenet", "--batch", "1"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // The first convolution w [3, 3, 3, 32]; the last block's pointwise w [1, 1, 1024, 1024]; logits w [1024, 10].
        for expected in ["mobile_net_v1 (MobileNetV1)", "mobile_net_v1/mobile_net_v1_block_12/pointwise_conv",
                         "f32[3,3,3,32]", "f32[1,1,1024,1024]", "f32[1024,10]", "f32[1,32,32,3]"] {
            #expect(result.output.contains(expected), "\(expected) missing from \(result.output)")
        }
    }

    @Test func benchmarkReportsATrainingStep() throws {
        let result = try HKCProcess.run(["bench", "mobilenet", "--batch", "2", "--steps", "10", "--json"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(fields["model"] as? String == "mobilenet")
        #expect(fields["batch"] as? Int == 2)
        let median = try #require(fields["median_ms"] as? Double)
        #expect(median > 0 && median.isFinite)
    }
}
