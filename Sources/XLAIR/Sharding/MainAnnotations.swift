/// Extra StableHLO text for a program's `main`, given by the layer that
/// knows what it means (sharded `jit` writes Shardy's `sdy.mesh` and
/// `sdy.sharding` through it): lines at the top of the program and one
/// attribute entry per parameter and per result.
public struct MainAnnotations: Sendable, Hashable {
    /// Lines written first inside the StableHLO `program { ... }`, e.g. `sdy.mesh @mesh = <["data"=4]>`.
    public var moduleLines: [String]
    /// Attribute entries by parameter index, e.g. `sdy.sharding = #sdy.sharding<@mesh, [{"data"}]>`.
    public var parameters: [Int: String]
    /// Attribute entries by result index.
    public var results: [Int: String]
    /// When set, `main` is per-device code run through `sdy.manual_computation`
    /// and the entries above annotate the global `main` that calls it.
    public var manual: ManualComputation?

    /// Creates annotations; none by default.
    public init(moduleLines: [String] = [], parameters: [Int: String] = [:], results: [Int: String] = [:],
                manual: ManualComputation? = nil) {
        self.moduleLines = moduleLines
        self.parameters = parameters
        self.results = results
        self.manual = manual
    }
}
