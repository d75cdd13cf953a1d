#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes lines to standard output at once, even when it is a pipe (tests and wrappers read it live).
package enum Console {
    package static func line(_ text: String) {
        print(text)
        fflush(nil)  // all streams: `stdout` itself is not concurrency-safe to name in Swift 6
    }
}
