import Datasets
import Haiku

/// Four 2x2 images of two classes.
func smallImages() throws -> LabeledImages {
    try LabeledImages(images: [Float](repeating: 0.5, count: 16), labels: [0, 1, 0, 1], exampleShape: [2, 2], classCount: 2)
}

/// Datasets and batches with overflowing counts and mismatched data.
let datasetProbes: [Probe] = [
    Probe("datasets/batches-epochs-Int.max", expect: .error) {
        let batches = try Batches(smallImages(), batchSize: 1, epochs: Int.max, prefetch: 0)
        _ = batches.batchCount
        var iterator = batches.makeIterator()
        _ = iterator.next()
    },
    Probe("datasets/batches-start-Int.max", expect: .value) {
        let batches = try Batches(smallImages(), batchSize: 1, epochs: nil, startingAt: Int.max, prefetch: 0)
        var iterator = batches.makeIterator()
        _ = iterator.next()
    },
    Probe("datasets/batches-size-Int.max", expect: .value) {
        var iterator = try Batches(smallImages(), batchSize: Int.max, prefetch: 0).makeIterator()
        _ = iterator.next()
    },
    Probe("datasets/batches-example-indices-Int.max", expect: .error) {
        _ = try Batches(smallImages(), batchSize: 3, epochs: nil, prefetch: 0).exampleIndices(batch: Int.max)
    },
    Probe("datasets/batches-example-indices-negative", expect: .error) {
        _ = try Batches(smallImages(), batchSize: 3, epochs: nil, prefetch: 0).exampleIndices(batch: -1)
    },
    Probe("datasets/batches-huge-prefetch", expect: .value) {
        var iterator = try Batches(smallImages(), batchSize: 2, prefetch: Int.max).makeIterator()
        _ = iterator.next()
    },
    Probe("datasets/labeled-images-overflowing-shape", expect: .error) {
        _ = try LabeledImages(images: [], labels: [0], exampleShape: [1 << 32, 1 << 32], classCount: 1)
    },
    Probe("datasets/labeled-images-no-classes", expect: .error) {
        _ = try LabeledImages(images: [], labels: [], exampleShape: [1], classCount: 0)
    },
    Probe("datasets/labeled-images-NaN-pixels", expect: .value) {
        _ = try LabeledImages(images: [.nan], labels: [0], exampleShape: [1], classCount: 1)
    },
    Probe("datasets/text-windows-length-Int.max", expect: .error) {
        _ = try TextWindows([0, 1, 2], length: Int.max)
    },
    Probe("datasets/text-windows-prefix-Int.max", expect: .value) {
        _ = try TextWindows([0, 1, 2], length: 1).prefix(Int.max)
    },
    Probe("datasets/text-batches-size-Int.max", expect: .value) {
        var iterator = try Batches(TextWindows([0, 1, 2, 3], length: 1), batchSize: Int.max, prefetch: 0).makeIterator()
        _ = iterator.next()
    },
    Probe("datasets/character-text-validation-fraction-NaN", expect: .error) {
        _ = try CharacterText("abcdef").windows(length: 1, validationFraction: .nan)
    },
]
