import CXLA
import Glibc
import Synchronization

/// Executions that may still be running, waited for when the process exits.
///
/// A program may exit while XLA's threads still run its last executions
/// (results it never read). The plugins' static destructors then tear down
/// what those threads use, and the process crashes on its way out: a
/// segfault or "malloc(): ... corrupted" after the program's last line, with
/// its buffered output lost. So each execution's completion events are kept
/// until they fire, and an exit handler waits for those still pending.
/// Exit handlers run last-in, first-out, and a plugin registers the
/// destructors of its lazily made statics as it first uses them (when it
/// compiles a program or while it first runs it, on its own threads), so a
/// program's first execution is waited for and the handler is registered
/// again after it: the latest registration runs before the destructors
/// registered up to then (`hkc compile resnet18` exiting while its
/// initialization ran crashed when the handler was registered as the first
/// execution started).
enum PendingExecutions {
    /// One device's completion event of one execution.
    private struct Pending: @unchecked Sendable {
        let plugin: Plugin
        let event: OpaquePointer
    }

    /// The pending events, and the programs that have run.
    private struct State: @unchecked Sendable {
        var pending: [Pending] = []
        var programs: Set<ObjectIdentifier> = []
    }

    private static let state = Mutex(State())

    /// Keeps `events` (one per device of an execution of `program`) until
    /// they fire, destroying those of earlier executions that have; the
    /// first execution of a program is waited for instead.
    static func add(_ events: [OpaquePointer], of plugin: Plugin, program: ObjectIdentifier) {
        if state.withLock({ $0.programs.insert(program).inserted }) {
            for event in events {
                try? plugin.awaitAndDestroy(event, during: "finishing a program's first execution")
            }
            atexit { PendingExecutions.awaitAll() }
            return
        }
        state.withLock { state in
            state.pending.removeAll { entry in
                guard entry.plugin.isReady(entry.event) else { return false }
                entry.plugin.destroy(event: entry.event)
                return true
            }
            state.pending += events.map { Pending(plugin: plugin, event: $0) }
        }
    }

    /// Waits for every pending execution (their errors were or will be
    /// reported through their results).
    static func awaitAll() {
        let list = state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
        for entry in list {
            try? entry.plugin.awaitAndDestroy(entry.event, during: "finishing an execution before the process exits")
        }
    }
}

extension Plugin {
    /// Whether a PJRT event has fired (false when the plugin cannot say).
    func isReady(_ event: OpaquePointer) -> Bool {
        var args = PJRT_Event_IsReady_Args()
        args.struct_size = PJRT_Event_IsReady_Args_STRUCT_SIZE
        args.event = event
        if let error = api.pointee.PJRT_Event_IsReady(&args) {
            _ = take(error, during: "asking whether an event fired")
            return false
        }
        return args.is_ready
    }
}
