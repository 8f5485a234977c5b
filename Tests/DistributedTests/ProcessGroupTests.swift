import Distributed
import Foundation
import Testing
import XLATensor

/// ``ProcessGroup`` over loopback TCP, its processes played by threads of
/// this test process (the same sockets and protocol as separate processes;
/// `HKCTrainProcessesTests` runs real ones). Every wait is bounded by a
/// timeout of a few seconds, so a broken exchange fails the test instead
/// of hanging it.
@Suite struct ProcessGroupTests {
    /// Three processes' values: the sum is their sum in rank order and the
    /// mean that sum over 3, computed here in the same order, bit for bit
    /// on every process.
    @Test(arguments: [Reduction.sum, .mean])
    func threeProcessesReduceInRankOrder(reduction: Reduction) throws {
        let address = try Address.freePort()
        let values: [[Float]] = (0 ..< 3).map { rank in
            let offset = Float(rank) * 101.3, fraction = 1 / Float(rank + 3)
            return (0 ..< 1000).map { (index: Int) -> Float in Float(index) * 0.37 - offset + fraction }
        }
        var expected = values[0]
        for rank in 1 ..< 3 { for index in expected.indices { expected[index] += values[rank][index] } }
        if reduction == .mean { expected = expected.map { $0 / 3 } }
        let peers = (1 ..< 3).map { rank in
            Background { try Self.group(rank, of: 3, at: address).allReduce(values[rank], reduction) }
        }
        let mine = try Self.group(0, of: 3, at: address).allReduce(values[0], reduction)
        #expect(mine == expected)
        for peer in peers { #expect(try peer.wait() == expected) }
    }

    /// A tree of tensors (two leaves, shapes kept) against another process's
    /// flat values: the mean of the two, as one process computes it.
    @Test func aTreeOfTensorsIsAveragedLeafByLeaf() throws {
        let address = try Address.freePort()
        let mine: [Float] = [1, 2, 3, 4, 5, 6, -1, 0.5, 8, 1e-3]
        let theirs: [Float] = [0.25, -2, 9, 4.5, 7, 0, 3, 0.5, -8, 3e-3]
        let peer = Background { try Self.group(1, of: 2, at: address).allReduce(theirs, .mean) }
        let tree = [Tensor(Array(mine[..<6]), shape: [2, 3]), Tensor(Array(mine[6...]), shape: [4])]
        let averaged = try Self.group(0, of: 2, at: address).allReduce(tree, .mean)
        let expected = zip(mine, theirs).map { ($0 + $1) / 2 }
        #expect(averaged.map(\.shape) == [[2, 3], [4]])
        #expect(try averaged[0].scalars(as: Float.self) + averaged[1].scalars(as: Float.self) == expected)
        #expect(try peer.wait() == expected)
    }

    /// Only float32 leaves are reduced; another type is a typed error
    /// before anything is sent (a group of one sends nothing either way).
    @Test func anIntegerLeafIsATypedError() throws {
        let group = try ProcessGroup(rank: 0, size: 1, coordinator: Address.freePort())
        #expect(throws: DistributedError.unsupportedElementType("int32")) {
            try group.allReduce([Tensor([Int32(1), 2])], .sum)
        }
        #expect(try group.allReduce([1, 2] as [Float], .mean) == [1, 2])
    }

    /// Process 0 waits for a peer that never starts: the typed error names
    /// the missing rank once the join timeout has passed, not much later.
    @Test func aMissingPeerIsATypedErrorWithinTheTimeout() throws {
        let address = try Address.freePort(), started = ContinuousClock.now
        #expect(throws: DistributedError.missingPeers(ranks: [1, 2], seconds: 0.5)) {
            try ProcessGroup(rank: 0, size: 3, coordinator: address, joinTimeout: .milliseconds(500))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    /// A process whose coordinator never listens gives up after the timeout.
    @Test func anAbsentCoordinatorIsATypedErrorWithinTheTimeout() throws {
        let address = try Address.freePort(), started = ContinuousClock.now
        #expect(throws: DistributedError.coordinatorUnreachable(address: address.description, seconds: 0.5)) {
            try ProcessGroup(rank: 1, size: 2, coordinator: address, joinTimeout: .milliseconds(500))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    /// A peer that joined and then ended (its connection closed) fails the
    /// next all-reduce at once, naming it.
    @Test func aPeerThatEndedIsATypedError() throws {
        let address = try Address.freePort()
        let peer = Background { _ = try Self.group(1, of: 2, at: address) }
        let group = try Self.group(0, of: 2, at: address)
        try peer.wait()
        #expect(throws: DistributedError.peerClosed(rank: 1, what: "values to all-reduce")) {
            try group.allReduce([1], .sum)
        }
    }

    /// A peer that stays connected but never takes part: the all-reduce
    /// gives up after the group's timeout.
    @Test func aSilentPeerTimesOut() throws {
        let address = try Address.freePort()
        let peer = Background { () -> Bool in
            let group = try Self.group(1, of: 2, at: address)
            Thread.sleep(forTimeInterval: 2)
            return group.rank == 1
        }
        let group = try ProcessGroup(rank: 0, size: 2, coordinator: address, joinTimeout: .seconds(10), timeout: .milliseconds(300))
        #expect(throws: DistributedError.timedOut(rank: 1, what: "values to all-reduce", seconds: 0.3)) {
            try group.allReduce([1], .sum)
        }
        #expect(try peer.wait())
    }

    /// Processes offering different counts: process 0 names the one that
    /// differs; that one sees its coordinator leave.
    @Test func mismatchedCountsAreATypedError() throws {
        let address = try Address.freePort()
        let peer = Background { try Self.group(1, of: 2, at: address).allReduce([1, 2, 3], .sum) }
        do {
            let group = try Self.group(0, of: 2, at: address)
            #expect(throws: DistributedError.mismatchedReduction(rank: 1, expected: 2, count: 3)) {
                try group.allReduce([1, 2], .sum)
            }
        }
        #expect(throws: DistributedError.peerClosed(rank: 0, what: "the all-reduce's result")) { try peer.wait() }
    }

    /// A rank outside the group, a size below 1 and addresses that are
    /// not `IPv4:port` are refused before any socket is opened.
    @Test func impossibleGroupsAndAddressesAreRefused() throws {
        let address = try Address(host: "127.0.0.1", port: 1)
        #expect(throws: DistributedError.invalidGroup("rank 2 is not in 0..<2")) { try ProcessGroup(rank: 2, size: 2, coordinator: address) }
        #expect(throws: DistributedError.invalidGroup("size 0 is not in 1...1024")) { try ProcessGroup(rank: 0, size: 0, coordinator: address) }
        #expect(throws: DistributedError.self) { try Address(host: "localhost", port: 80) }
        for text in ["localhost:80", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", ":80"] {
            #expect(Address(text) == nil, "\(text)")
        }
        #expect(Address("127.0.0.1:29500") == (try Address(host: "127.0.0.1", port: 29500)))
    }

    /// Process `rank` of `size` at `address`, with timeouts of a few seconds.
    static func group(_ rank: Int, of size: Int, at address: Address) throws -> ProcessGroup {
        try ProcessGroup(rank: rank, size: size, coordinator: address, joinTimeout: .seconds(20), timeout: .seconds(20))
    }
}
