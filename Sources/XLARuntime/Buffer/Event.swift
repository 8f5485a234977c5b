import CXLA

extension Plugin {
    /// Waits for a PJRT event, destroys it, and throws the error it carried.
    func awaitAndDestroy(_ event: OpaquePointer, during context: @autoclosure () -> String) throws {
        var wait = PJRT_Event_Await_Args()
        wait.struct_size = PJRT_Event_Await_Args_STRUCT_SIZE
        wait.event = event
        let error = api.pointee.PJRT_Event_Await(&wait)
        destroy(event: event)
        try check(error, during: context())
    }

    /// Destroys a PJRT event without waiting for it.
    func destroy(event: OpaquePointer) {
        var destroy = PJRT_Event_Destroy_Args()
        destroy.struct_size = PJRT_Event_Destroy_Args_STRUCT_SIZE
        destroy.event = event
        if let error = api.pointee.PJRT_Event_Destroy(&destroy) {
            _ = take(error, during: "destroying an event")
        }
    }
}
