import ArgumentParser
import XLARuntime

#if canImport(Glibc)
import Glibc
#endif

/// `--plugin`, the option every `hkc` command that runs XLA shares (an
/// `@OptionGroup`): the PJRT plugin to run on, for this run only.
struct PluginOptions: ParsableArguments {
    /// A plugin name or path; nil: `HK_PJRT_PLUGIN`, then `cpu`.
    @Option(help: "A plugin name (\(PluginLocator.names.joined(separator: ", "))) or path; default: $HK_PJRT_PLUGIN, then cpu.")
    var plugin: String?

    /// Makes `--plugin` this process's default plugin (it sets
    /// `HK_PJRT_PLUGIN`, which every default client and plugin load reads),
    /// then starts the process-wide client before the command does any
    /// work, so that a missing or unusable plugin stops every command with
    /// one message and a non-zero exit instead of failing deep inside.
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` naming a bad compile cache
    ///   setting in the environment (checked first: it is no plugin's
    ///   fault); ``PluginUnavailable`` naming what went wrong and how to fix it.
    @discardableResult
    func start() throws -> Client {
        try ClientOptions.checkEnvironment()
        if let plugin { setenv("HK_PJRT_PLUGIN", plugin, 1) }
        return try withPluginCheck { try Client.shared() }
    }
}

/// Runs `start` (loading a plugin, starting a client) and turns the
/// runtime's error into ``PluginUnavailable``.
func withPluginCheck<T>(_ start: () throws -> T) throws -> T {
    do {
        return try start()
    } catch let error as XLAError {
        throw PluginUnavailable(reason: error)
    }
}

/// No PJRT plugin could be loaded and started: the one error every `hkc`
/// command reports for it (`hkc doctor` says more).
struct PluginUnavailable: Error, CustomStringConvertible {
    /// What loading or starting the plugin threw.
    let reason: XLAError

    var description: String {
        if case .pluginNotFound = reason { return "\(reason) (`hkc doctor` checks the setup.)" }
        return "No PJRT plugin found that works: \(reason) Run `Scripts/bootstrap` to install one, "
            + "or set HK_PJRT_PLUGIN to a plugin path. (`hkc doctor` checks the setup.)"
    }
}
