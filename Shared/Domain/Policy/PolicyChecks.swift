/// The small vocabulary policy validation is written in; each check throws with the field's path.
enum PolicyChecks {
    static func require(_ condition: Bool, _ path: String, _ message: @autoclosure () -> String) throws(PolicyError) {
        guard condition else { throw PolicyError(path: path, message: message()) }
    }

    static func fraction(_ value: Double, _ path: String) throws(PolicyError) {
        try require(value.isFinite && (0...1).contains(value), path, "must be between 0 and 1, found \(value)")
    }

    static func positive(_ value: Int, _ path: String) throws(PolicyError) {
        try require(value > 0, path, "must be positive, found \(value)")
    }

    static func positive(_ value: Double, _ path: String) throws(PolicyError) {
        try require(value.isFinite && value > 0, path, "must be positive, found \(value)")
    }

    static func nonNegative(_ value: Int, _ path: String) throws(PolicyError) {
        try require(value >= 0, path, "must not be negative, found \(value)")
    }

    static func nonNegative(_ value: Double, _ path: String) throws(PolicyError) {
        try require(value.isFinite && value >= 0, path, "must not be negative, found \(value)")
    }

    static func nonNegative(_ amount: Money, _ path: String) throws(PolicyError) {
        try require(amount.amountMinor >= 0, "\(path).amountMinor", "must not be negative, found \(amount.amountMinor)")
    }

    static func points(_ value: Double, _ path: String) throws(PolicyError) {
        try require(value.isFinite && (0...100).contains(value), path, "must be between 0 and 100, found \(value)")
    }

    static func inCurrency(_ amount: Money, _ currency: Currency, _ path: String) throws(PolicyError) {
        try require(amount.currency == currency, "\(path).currency",
                    "must be the reporting currency \(currency), found \(amount.currency)")
    }

    /// Each element strictly greater than the one before.
    static func increasing(_ values: [Int], _ path: (Int) -> String, what: String = "value") throws(PolicyError) {
        for index in values.indices.dropFirst() {
            try require(values[index] > values[index - 1], path(index),
                        "must be greater than the previous \(what) \(values[index - 1]), found \(values[index])")
        }
    }
}
