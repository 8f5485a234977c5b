extension TextWindows {
    /// Where the windows of an epoch begin.
    ///
    /// Fixed windows suit validation (every evaluation sees the same
    /// characters, so its numbers compare across epochs); training windows
    /// at a random offset per epoch keep a model from learning one fixed
    /// cut of the text.
    public enum Placement: Equatable, Sendable {
        /// Every epoch's windows begin at this offset, in `0..<length`.
        case offset(Int)
        /// Each epoch draws its own offset, uniform in `0..<length`, from
        /// `seed`: epoch `e`'s offset is ``SplitMix64/next(below:)``
        /// (bound `length`) of a ``SplitMix64`` seeded with
        /// ``SplitMix64/mix(_:)`` of the `e`-th output (counting from 0) of
        /// `SplitMix64(seed: seed)`. The offsets depend only on the seed,
        /// the epoch and the length: the same on every machine and run, so
        /// a resumed run sees the windows an uninterrupted one would. The
        /// extra mix keeps them independent of a ``Batches`` shuffle given
        /// the same seed. Every epoch has the same ``TextWindows/count``:
        /// the windows that fit at offset `length - 1`.
        case randomOffsetPerEpoch(seed: UInt64)

        /// The largest offset this placement gives windows of `length`.
        func largestOffset(length: Int) -> Int {
            switch self {
            case .offset(let offset): offset
            case .randomOffsetPerEpoch: length - 1
            }
        }
    }
}
