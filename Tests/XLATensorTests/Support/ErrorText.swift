import Testing
import XLATensor

/// The error reading `tensor` throws, as text ("" when it reads fine).
func errorText(_ tensor: Tensor) -> String {
    do {
        _ = try tensor.converted(to: .float32).scalars(as: Float.self)
        return ""
    } catch {
        return "\(error)"
    }
}

/// Expects reading `tensor` to throw an error whose text holds each of
/// `parts`.
func expectError(_ tensor: Tensor, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let text = errorText(tensor)
    #expect(!text.isEmpty, "no error", sourceLocation: sourceLocation)
    for part in parts {
        #expect(text.contains(part), "expected \"\(part)\" in: \(text)", sourceLocation: sourceLocation)
    }
}
