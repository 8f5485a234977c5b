/// A training curve as a small self-contained SVG: loss per step on the
/// left axis, accuracy per epoch on the right, both scaled to the plot.
struct CurvePlot {
    /// (step, loss) pairs.
    var losses: [(step: Int, loss: Double)] = []
    /// (step at the end of the epoch, accuracy in [0, 1]) pairs.
    var accuracies: [(step: Int, accuracy: Double)] = []
    /// What the loss is, for the left axis's label.
    var lossLabel = "loss"
    /// What the accuracy is of, for the right axis's label.
    var accuracyLabel = "test accuracy"

    private static let (width, height, margin) = (640.0, 360.0, 48.0)

    /// The SVG document.
    var svg: String {
        let lastStep = Double(max(1, (losses.map(\.step) + accuracies.map(\.step)).max() ?? 1))
        let maxLoss = max(losses.map(\.loss).filter(\.isFinite).max() ?? 1, 1e-9)
        let (plotWidth, plotHeight) = (Self.width - 2 * Self.margin, Self.height - 2 * Self.margin)
        func x(_ step: Int) -> Double { Self.margin + Double(step) / lastStep * plotWidth }
        func y(_ fraction: Double) -> Double { Self.height - Self.margin - fraction * plotHeight }
        func points(_ values: [(Int, Double)]) -> String {
            values.map { "\(decimal(x($0.0), places: 2)),\(decimal(y($0.1), places: 2))" }.joined(separator: " ")
        }
        let lossPoints = points(losses.filter { $0.loss.isFinite }.map { ($0.step, $0.loss / maxLoss) })
        let accuracyPoints = points(accuracies.map { ($0.step, $0.accuracy) })
        let last = accuracies.last.map { "final accuracy \(decimal($0.accuracy * 100, places: 2))%" } ?? ""
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(Self.width))" height="\(Int(Self.height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <rect x="\(Self.margin)" y="\(Self.margin)" width="\(plotWidth)" height="\(plotHeight)" fill="none" stroke="#999"/>
        <polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="\(lossPoints)"/>
        <polyline fill="none" stroke="#d62728" stroke-width="2" points="\(accuracyPoints)"/>
        <text x="\(Self.margin)" y="\(Self.margin - 8)" fill="#1f77b4">\(lossLabel) (max \(decimal(maxLoss, places: 2)))</text>
        <text x="\(Self.width - Self.margin)" y="\(Self.margin - 8)" fill="#d62728" text-anchor="end">\(accuracyLabel) (0–100%) \(last)</text>
        <text x="\(Self.width / 2)" y="\(Self.height - 12)" text-anchor="middle">step (last \(Int(lastStep)))</text>
        </svg>
        """
    }
}
