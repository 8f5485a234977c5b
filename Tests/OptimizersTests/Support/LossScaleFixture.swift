/// `Fixtures/loss_scale.json`, written by `Scripts/fixtures/mixed_precision.py`
/// with jmp 0.0.4: dynamic loss-scale runs, scaling by each kind, all-finite
/// checks, and a float16 training run that skips non-finite steps.
struct LossScaleFixture: Decodable {
    /// A tensor: shape, dtype name and flat values (nested lists in the
    /// file for the "x" and "params" of the training run: one level here).
    struct TensorValue: Decodable {
        let shape: [Int]
        let dtype: String
        let values: FlatValues
    }

    /// Values as a flat list (a bare number for a scalar; nested one level).
    struct FlatValues: Decodable {
        let values: [Double]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Double].self) {
                values = list
            } else if let rows = try? container.decode([[Double]].self) {
                values = rows.flatMap { $0 }
            } else {
                values = [try container.decode(Double.self)]
            }
        }
    }

    /// One DynamicLossScale run.
    struct DynamicRun: Decodable {
        let lossScale: Double
        let period: Int
        let factor: Int
        let minLossScale: Double
        let finite: [Bool]
        let lossScales: [Double]
        let counters: [Int]
        enum CodingKeys: String, CodingKey {
            case period, factor, finite, counters
            case lossScale = "loss_scale", minLossScale = "min_loss_scale", lossScales = "loss_scales"
        }
    }

    /// Scaling and unscaling one tensor by one kind of loss scale.
    struct Scaling: Decodable {
        let kind: String
        let x: TensorValue
        let scaled: TensorValue
        let unscaled: TensorValue
    }

    /// One all-finite check.
    struct AllFinite: Decodable {
        let tree: [TensorValue]
        let dtypes: [String]
        let finite: Bool
    }

    /// One training step's results.
    struct Step: Decodable {
        let finite: Bool
        let params: TensorValue
        let lossScale: Double
        let counter: Int
        enum CodingKeys: String, CodingKey { case finite, params, counter, lossScale = "loss_scale" }
    }

    /// The float16 training run.
    struct Training: Decodable {
        let x: TensorValue
        let params: TensorValue
        let lossScale: Double
        let period: Int
        let learningRate: Double
        let steps: [Step]
        enum CodingKeys: String, CodingKey {
            case x, params, period, steps, lossScale = "loss_scale", learningRate = "learning_rate"
        }
    }

    let dynamic: [DynamicRun]
    let scaling: [Scaling]
    let allFinite: [AllFinite]
    let training: Training
    enum CodingKeys: String, CodingKey { case dynamic, scaling, training, allFinite = "all_finite" }

    /// The fixture, decoded once.
    static let shared: LossScaleFixture = decodeFixture("loss_scale.json")
}
