/// Finds PJRT plugins on this machine.
///
/// The search order is: an explicit path → the `HK_PJRT_PLUGIN` environment
/// variable (a path or a name) → the cache that `Scripts/bootstrap` fills →
/// the site-packages of the `python3` on `PATH`.
///
/// Names: `cpu` (the default CPU plugin, `lammps-jax-pjrt-cpu` 0.11.2, built
/// from jaxlib 0.11.2's XLA, falling back to `xla-cpu-pjrt`),
/// `lammps-jax-pjrt-cpu`, `xla-cpu-pjrt`, and `cuda` (JAX's CUDA 13 plugin,
/// then CUDA 12).
public struct PluginLocator: Sendable {
    /// The bootstrap cache's plugin directory.
    public var cacheDirectory: String
    /// Site-packages directories to search; nil asks `python3` when needed.
    public var sitePackages: [String]?

    /// A locator over the default cache and the `python3` on `PATH`.
    public init(cacheDirectory: String? = nil, sitePackages: [String]? = nil) {
        self.cacheDirectory = cacheDirectory ?? Environment.cacheDirectory + "/plugins"
        self.sitePackages = sitePackages
    }

    /// Where a named plugin may live: a directory in the bootstrap cache and
    /// paths relative to a site-packages directory.
    struct Candidate {
        let cacheName: String?
        let file: String
    }

    /// Candidates per name, in order of preference.
    static let known: [String: [Candidate]] = [
        "lammps-jax-pjrt-cpu": [Candidate(cacheName: "lammps-jax-pjrt-cpu", file: "lammps_jax_pjrt_cpu/pjrt_c_api_cpu_plugin.so")],
        "xla-cpu-pjrt": [Candidate(cacheName: "xla-cpu-pjrt", file: "xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so")],
        "cuda": [
            Candidate(cacheName: nil, file: "jax_plugins/xla_cuda13/xla_cuda_plugin.so"),
            Candidate(cacheName: nil, file: "jax_plugins/xla_cuda12/xla_cuda_plugin.so"),
            Candidate(cacheName: nil, file: "xla_plugins/xla_cuda12_pjrt/xla_gpu_pjrt.so"),
        ],
    ]

    /// The names a request may use, and what `cpu` stands for.
    public static let names = ["cpu", "lammps-jax-pjrt-cpu", "xla-cpu-pjrt", "cuda"]

    /// Resolves a request (a name or a path; nil means `HK_PJRT_PLUGIN`, then
    /// `cpu`) to the path of an existing plugin file.
    ///
    /// - Throws: ``XLAError/pluginNotFound(request:searched:)`` listing every
    ///   place searched.
    public func locate(_ request: String? = nil) throws -> String {
        let request = request ?? Environment.value("HK_PJRT_PLUGIN") ?? "cpu"
        if request.contains("/") {
            guard Environment.fileExists(request) else {
                throw XLAError.pluginNotFound(request: request, searched: [request])
            }
            return request
        }
        let names = request == "cpu" ? ["lammps-jax-pjrt-cpu", "xla-cpu-pjrt"] : [request]
        guard names.allSatisfy({ PluginLocator.known[$0] != nil }) else {
            throw XLAError.invalidOptions(
                "unknown plugin name '\(request)'; use a path or one of \(PluginLocator.names.joined(separator: ", "))")
        }
        var searched: [String] = []
        let candidates = names.flatMap { PluginLocator.known[$0]! }
        for candidate in candidates {
            guard let cacheName = candidate.cacheName else { continue }
            let path = cacheDirectory + "/" + cacheName + "/" + candidate.file.split(separator: "/").last!
            if Environment.fileExists(path) { return path }
            searched.append(path)
        }
        for directory in sitePackages ?? PluginLocator.pythonSitePackages() {
            for candidate in candidates {
                let path = directory + "/" + candidate.file
                if Environment.fileExists(path) { return path }
                searched.append(path)
            }
        }
        throw XLAError.pluginNotFound(request: request, searched: searched)
    }

    /// The site-packages directories of the `python3` on `PATH` (empty when
    /// there is none).
    public static func pythonSitePackages() -> [String] {
        let script = "import site, sys; print('\\n'.join(site.getsitepackages() + [site.getusersitepackages()]))"
        guard let output = Environment.output(ofCommand: "python3 -c \"\(script)\" 2>/dev/null") else { return [] }
        return output.split(separator: "\n").map(String.init)
    }
}
