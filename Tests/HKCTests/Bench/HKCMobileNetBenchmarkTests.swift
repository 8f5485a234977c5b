import Testing

/// `hkc summary mobilenet` runs the MobileNetV1 benchmark model:
/// `MobileNetV1(numClasses: 10)` on `[B, 32, 32, 3]` images (its `hkc bench`
/// step is tested with ResNet18's in ``HKCResNetBenchmarkTests``).
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
}
