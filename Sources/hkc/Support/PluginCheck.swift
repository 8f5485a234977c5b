import ArgumentParser
import XLARuntime

/// Starts the process-wide client of the default plugin before a command
/// does any work, so that a missing or unusable plugin stops every command
/// with one message and a non-zero exit instead of failing deep inside.
///
/// - Throws: ``PluginUnavailable`` naming what went wrong and how to fix it.
@discardableResult
func requirePlugin() throws -> Client {
    try withPluginCheck { try Client.shared() }
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
