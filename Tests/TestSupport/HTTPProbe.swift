import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads a stage's ops endpoints the way a load balancer or Prometheus would.
public enum HTTPProbe {
    /// GETs `http://127.0.0.1:<port><path>`; nil when nothing answers.
    public static func get(port: Int, _ path: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// The value of one Prometheus sample line (`name{labels} value`), or nil when absent.
    public static func sample(_ metrics: String, _ series: String) -> Double? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The sum of every sample of the metric `name`, whatever its labels (0 when absent).
    public static func sum(_ metrics: String, _ name: String) -> Double {
        metrics.split(separator: "\n").reduce(0) { total, line in
            guard line.hasPrefix(name + "{") || line.hasPrefix(name + " "),
                  let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return total }
            return total + value
        }
    }
}
