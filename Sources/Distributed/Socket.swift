import Glibc

/// The time left until `deadline` in whole milliseconds for `poll`
/// (at least 1 while any is left, 0 once it has passed).
private func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
    let left = deadline - .now
    guard left > .zero else { return 0 }
    let (seconds, attoseconds) = left.components
    return Int32(clamping: max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
}

/// Waits until `descriptor` is ready for `events` or `deadline` passes.
/// - Returns: false when the deadline passed first.
private func wait(_ descriptor: Int32, for events: Int32, until deadline: ContinuousClock.Instant) throws -> Bool {
    while true {
        let timeout = milliseconds(until: deadline)
        guard timeout > 0 else { return false }
        var request = pollfd(fd: descriptor, events: Int16(events), revents: 0)
        let ready = poll(&request, 1, timeout)
        if ready > 0 { return true }
        if ready < 0 && errno != EINTR { throw systemError("poll") }
    }
}

/// The socket call `call` failed with the current `errno`.
func systemError(_ call: String) -> DistributedError {
    .system(call: call, reason: String(cString: strerror(errno)))
}

/// A new non-blocking TCP socket.
private func makeSocket() throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw systemError("socket") }
    guard fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else {
        close(descriptor)
        throw systemError("fcntl")
    }
    return descriptor
}

/// `address` as a generic socket address for `body`.
private func withSocketAddress<T>(_ address: Address, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
    var raw = address.socketAddress
    return withUnsafePointer(to: &raw) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
}

/// A listening TCP socket; closed when released.
final class Listener {
    private let descriptor: Int32
    /// The port it listens on (the system's pick when asked for port 0).
    let port: UInt16

    /// Listens on `address` (port 0: any free port).
    init(at address: Address) throws {
        let descriptor = try makeSocket()
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var bound = sockaddr_in(), length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let failure = withSocketAddress(address, { bind(descriptor, $0, $1) }) != 0 ? "bind \(address)"
            : listen(descriptor, 64) != 0 ? "listen"
            : withUnsafeMutablePointer(to: &bound, {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }) != 0 ? "getsockname" : nil
        if let failure {
            let error = systemError(failure)
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: bound.sin_port)
    }

    deinit { close(descriptor) }

    /// The next connection, or nil when none came before `deadline`.
    func accept(until deadline: ContinuousClock.Instant) throws -> Connection? {
        while try wait(descriptor, for: Int32(POLLIN), until: deadline) {
            let accepted = Glibc.accept(descriptor, nil, nil)
            if accepted >= 0 {
                guard fcntl(accepted, F_SETFL, fcntl(accepted, F_GETFL) | O_NONBLOCK) == 0 else {
                    close(accepted)
                    throw systemError("fcntl")
                }
                return Connection(accepted)
            }
            if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED { throw systemError("accept") }
        }
        return nil
    }
}

/// A connected TCP socket whose sends and receives wait at most until a
/// deadline; closed when released.
final class Connection {
    private let descriptor: Int32

    fileprivate init(_ descriptor: Int32) {
        self.descriptor = descriptor
        var yes: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(descriptor) }

    /// A connection to `address`, tried again while it is refused (the
    /// listener may not be up yet), or nil when none was made before `deadline`.
    static func connect(to address: Address, until deadline: ContinuousClock.Instant) throws -> Connection? {
        while deadline > .now {
            let descriptor = try makeSocket()
            let started = withSocketAddress(address) { Glibc.connect(descriptor, $0, $1) }
            if started == 0 || errno == EINPROGRESS {
                if try wait(descriptor, for: Int32(POLLOUT), until: deadline) {
                    var failure: Int32 = 0, length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
                    if failure == 0 { return Connection(descriptor) }
                }
            }
            close(descriptor)
            usleep(20_000)  // not up yet: try again shortly
        }
        return nil
    }

    /// The outcome of moving bytes before a deadline.
    enum Outcome {
        case done, timedOut, closed
    }

    /// Sends all of `bytes`.
    func send(_ bytes: UnsafeRawBufferPointer, until deadline: ContinuousClock.Instant) throws -> Outcome {
        try transfer(bytes.count, "send", waitingFor: POLLOUT, until: deadline) {
            Glibc.send(descriptor, bytes.baseAddress! + $0, bytes.count - $0, Int32(MSG_NOSIGNAL))
        }
    }

    /// Fills all of `bytes` from the connection.
    func receive(into bytes: UnsafeMutableRawBufferPointer, until deadline: ContinuousClock.Instant) throws -> Outcome {
        try transfer(bytes.count, "recv", waitingFor: POLLIN, until: deadline) {
            recv(descriptor, bytes.baseAddress! + $0, bytes.count - $0, 0)
        }
    }

    /// Moves `count` bytes by calling `move` (the socket call `call`) with
    /// the bytes moved so far until it has moved them all, waiting for
    /// `event` while the socket is not ready.
    private func transfer(_ count: Int, _ call: String, waitingFor event: Int32, until deadline: ContinuousClock.Instant,
                          _ move: (Int) -> Int) throws -> Outcome {
        var offset = 0
        while offset < count {
            let moved = move(offset)
            if moved > 0 {
                offset += moved
            } else if moved == 0 || errno == EPIPE || errno == ECONNRESET {
                return .closed
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard try wait(descriptor, for: event, until: deadline) else { return .timedOut }
            } else {
                throw systemError(call)
            }
        }
        return .done
    }
}
