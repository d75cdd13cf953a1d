import Runtime
#if canImport(Glibc)
import Glibc
#endif

// The claims stage is built by its own issue; until then the executable says so and exits with EX_CONFIG.
print("credence-claims: not implemented yet (runtime \(StageRuntime.version))")
exit(78)
