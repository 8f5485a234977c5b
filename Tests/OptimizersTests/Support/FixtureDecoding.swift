import Foundation
import NumericsSupport

/// Decodes `Fixtures/<file>` of this test target (or of the regenerated
/// directory, see ``FixtureFiles``), non-finite floats spelled "inf",
/// "-inf" and "nan"; a file that does not decode stops the tests, naming it.
func decodeFixture<T: Decodable>(_ file: String, as _: T.Type = T.self) -> T {
    let url = FixtureFiles.url(file)
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
        return try decoder.decode(T.self, from: Data(contentsOf: url))
    } catch {
        fatalError("Fixtures/\(file) does not decode: \(error)")
    }
}
