import Haiku
import Testing

/// The `HaikuError` that `initialize` of `transformWithState(function)`
/// throws on `input` (with key 0); nil when it throws none, and an issue
/// when it throws another kind of error.
func initializationError<Input: TensorTree, Output: TensorTree>(
    _ input: Input, _ function: @escaping (Input) -> Output
) -> HaikuError? {
    do {
        _ = try transformWithState(function).initialize(rng: PRNGKey(0), input)
    } catch let error as HaikuError {
        return error
    } catch {
        Issue.record("not a HaikuError: \(error)")
    }
    return nil
}
