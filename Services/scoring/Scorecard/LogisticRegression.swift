import Foundation

/// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares):
/// deterministic, no learning rate, converges in a handful of steps on standardised features.
///
/// Minimises −log-likelihood + λ/2·‖β‖² (the intercept is not penalised).
struct LogisticRegression {
    var lambda: Double = 1.0
    var maximumIterations = 50
    var tolerance = 1e-8

    /// Fitted intercept and coefficients.
    struct Fit: Sendable, Hashable {
        var intercept: Double
        var coefficients: [Double]
    }

    /// Fits on a row-major matrix of `columns` prepared features and 0/1 labels.
    @_optimize(speed)
    func fit(matrix: [Double], columns: Int, labels: [Double]) -> Fit {
        let size = columns + 1  // parameter 0 is the intercept
        let rows = labels.count
        var beta = [Double](repeating: 0, count: size)
        let base = labels.reduce(0, +) / Double(max(rows, 1))
        if base > 0 && base < 1 { beta[0] = log(base / (1 - base)) }
        var hessian = [Double](repeating: 0, count: size * size)
        var gradient = [Double](repeating: 0, count: size)
        for _ in 0..<maximumIterations {
            for index in hessian.indices { hessian[index] = 0 }
            for index in gradient.indices { gradient[index] = 0 }
            matrix.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { y in
                    hessian.withUnsafeMutableBufferPointer { h in
                        gradient.withUnsafeMutableBufferPointer { g in
                            beta.withUnsafeBufferPointer { b in
                                accumulate(x: x, y: y, beta: b, rows: rows, columns: columns, hessian: h, gradient: g)
                            }
                        }
                    }
                }
            }
            for i in 1..<size {
                hessian[i * size + i] += lambda
                gradient[i] += lambda * beta[i]
            }
            for i in 0..<size { for j in 0..<i { hessian[i * size + j] = hessian[j * size + i] } }
            let step = Self.solve(hessian, gradient, size: size)
            var largest = 0.0
            for i in 0..<size {
                beta[i] -= step[i]
                largest = max(largest, abs(step[i]))
            }
            if largest < tolerance { break }
        }
        return Fit(intercept: beta[0], coefficients: Array(beta[1...]))
    }

    /// Adds every row's gradient and (upper-triangle) Hessian terms. The hot loop of fitting; optimised even
    /// in debug builds so that the fit in the test suite stays fast.
    @_optimize(speed)
    private func accumulate(x: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>, beta: UnsafeBufferPointer<Double>,
                            rows: Int, columns: Int, hessian h: UnsafeMutableBufferPointer<Double>,
                            gradient g: UnsafeMutableBufferPointer<Double>) {
        // Raw pointers: no bounds checks in the hot loop of a debug build.
        guard let x = x.baseAddress, let y = y.baseAddress, let beta = beta.baseAddress, let h = h.baseAddress,
              let g = g.baseAddress else { return } // no rows: nothing to add
        let size = columns + 1
        let z = UnsafeMutableBufferPointer<Double>.allocate(capacity: size)
        defer { z.deallocate() }
        z[0] = 1
        var row = 0
        while row < rows {
            let offset = row * columns
            var eta = beta[0]
            var j = 0
            while j < columns {
                z[j + 1] = x[offset + j]
                eta += beta[j + 1] * x[offset + j]
                j += 1
            }
            let p = eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
            let weight = max(p * (1 - p), 1e-12)
            let residual = p - y[row]
            var i = 0
            while i < size {
                let zi = z[i]
                g[i] += residual * zi
                let wi = weight * zi
                let rowStart = i * size
                var k = i
                while k < size {
                    h[rowStart + k] += wi * z[k]
                    k += 1
                }
                i += 1
            }
            row += 1
        }
    }

    static func logistic(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// Solves the symmetric positive-definite system `a · s = b` by Cholesky decomposition.
    @_optimize(speed)
    static func solve(_ a: [Double], _ b: [Double], size n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    l[i * n + i] = sum > 1e-300 ? sum.squareRoot() : 1e-150
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var forward = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * forward[k] }
            forward[i] = sum / l[i * n + i]
        }
        var solution = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = forward[i]
            for k in (i + 1)..<n where k < n { sum -= l[k * n + i] * solution[k] }
            solution[i] = sum / l[i * n + i]
        }
        return solution
    }
}
