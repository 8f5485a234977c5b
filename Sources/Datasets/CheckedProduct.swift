/// The product of `factors`, or nil when it overflows `Int`.
func checkedProduct(_ factors: [Int]) -> Int? {
    var product = 1
    for factor in factors {
        let (next, overflow) = product.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        product = next
    }
    return product
}
