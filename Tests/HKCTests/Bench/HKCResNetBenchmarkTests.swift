import Foundation
import Testing

/// `hkc summary`, `hkc bench` and `hkc compile` of the ResNet benchmark
/// models: `ResNet18(10)` on `[B, 32, 32, 3]` and `ResNet50(10)` on
/// `[B, 64, 64, 3]`, both with Haiku's ImageNet stem; and the training step
/// they share with `mobilenet`.
@Suite struct HKCResNetBenchmarkTests {
    @Test func summaryTabulatesResNet18WithHaikusNames() throws {
        let result = try HKCProcess.run(["summary", "resnet18", "--batch", "1"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // The 7x7 stem, the last block's second convolution [3, 3, 512, 512], logits [512, 10];
        // 11,181,642 parameters (Haiku's ResNet18(10)); the stem and pool leave 8x8 for the first group.
        for expected in ["res_net18 (ResNet18)", "res_net18/~/block_group_3/~/block_1/~/conv_1", "f32[7,7,3,64]",
                         "f32[3,3,512,512]", "f32[512,10]", "f32[1,32,32,3]", "f32[1,8,8,64]", "11,181,642"] {
            #expect(result.output.contains(expected), "\(expected) missing from \(result.output)")
        }
    }

    @Test func summaryTabulatesResNet50OnLargerImages() throws {
        let result = try HKCProcess.run(["summary", "resnet50", "--batch", "1"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // Bottleneck blocks end at 2048 channels; ResNet50(1000)'s 25,557,032 parameters less
        // 1000-class logits (2,049,000) plus 10-class ones (20,490) make 23,528,522.
        for expected in ["res_net50 (ResNet50)", "res_net50/~/block_group_3/~/block_2/~/conv_2", "f32[1,1,512,2048]",
                         "f32[2048,10]", "f32[1,64,64,3]", "23,528,522"] {
            #expect(result.output.contains(expected), "\(expected) missing from \(result.output)")
        }
    }

    /// The step of every model with batch-norm state (one ``StatefulClassifierTrainingStep``).
    @Test(arguments: ["mobilenet", "resnet18"])
    func benchmarkReportsAStatefulTrainingStep(model: String) throws {
        let result = try HKCProcess.run(["bench", model, "--batch", "2", "--steps", "10", "--json"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(fields["model"] as? String == model)
        #expect(fields["batch"] as? Int == 2)
        let median = try #require(fields["median_ms"] as? Double)
        #expect(median > 0 && median.isFinite)
    }

    @Test func compiledResNet18StepUsesTheSmallSpatialLowerings() throws {
        let result = try HKCProcess.run(["compile", "resnet18", "--emit", "stablehlo"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // The traced step holds 59 convolutions: 20 forward (stem, 16 in blocks, 3 projections),
        // 20 kernel gradients and 19 input gradients (none for the images). Those at 2x2 and 1x1
        // become tap slices and a dot, so fewer stay convolutions; the max pool's gradient is the
        // first-max form, without select_and_scatter.
        let convolutions = result.output.components(separatedBy: "stablehlo.convolution").count - 1
        #expect(convolutions > 0 && convolutions < 59, "\(convolutions) convolutions")
        #expect(!result.output.contains("select_and_scatter"))
    }
}
