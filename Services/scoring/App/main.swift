import Runtime
#if canImport(Glibc)
import Glibc
#endif

// The scoring stage is built by its own issue; until then the executable says so and exits with EX_CONFIG.
print("credence-scoring: not implemented yet (runtime \(StageRuntime.version))")
exit(78)
