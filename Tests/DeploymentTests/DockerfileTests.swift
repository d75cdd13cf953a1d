import Foundation
import TestSupport
import Testing

/// deploy/Dockerfile read as the specification of the image (no Docker engine runs here to build it):
/// a Swift build on Ubuntu 24.04, a slim Ubuntu 24.04 runtime with librdkafka, every executable, a
/// non-root user and a health check.
@Suite struct DockerfileTests {
    @Test func theImageBuildsOnUbuntu2404AndShipsASlimRuntimeWithLibrdkafka() throws {
        let dockerfile = try Dockerfile(contentsOf: DeploymentFiles.dockerfile)
        let bases = dockerfile.instructions.filter { $0.keyword == "FROM" }.map(\.arguments)
        #expect(bases.count == 2)
        #expect(bases.first?.hasPrefix("swift:${SWIFT_VERSION}-noble") == true)
        #expect(bases.last?.hasPrefix("ubuntu:24.04") == true)
        let runtime = dockerfile.finalStage.filter { $0.keyword == "RUN" }.map(\.arguments).joined(separator: " ")
        #expect(runtime.contains("librdkafka1"))
        #expect(!runtime.contains("swift"))
    }

    @Test func theImageCarriesEveryExecutableOfThePackage() throws {
        let manifest = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let products = manifest.matches(of: /\.executable\(name:\s*"([^"]+)"/).map { String($0.output.1) }
        #expect(products.count == 7, "the four stages, the operator CLI, the console and the bench")
        let text = try String(contentsOf: DeploymentFiles.dockerfile, encoding: .utf8)
        for product in products {
            #expect(text.contains(" \(product) ") || text.contains(" \(product);"), "deploy/Dockerfile does not copy \(product)")
        }
    }

    @Test func theImageRunsAsANonRootUserWithAHealthCheck() throws {
        let stage = try Dockerfile(contentsOf: DeploymentFiles.dockerfile).finalStage
        let user = try #require(stage.last { $0.keyword == "USER" }?.arguments)
        let uid = try #require(Int(user.split(separator: ":").first ?? ""), "USER should be numeric so that Kubernetes can check runAsNonRoot")
        #expect(uid != 0)
        let healthCheck = try #require(stage.last { $0.keyword == "HEALTHCHECK" }?.arguments)
        #expect(healthCheck.contains("credence-healthcheck"))
        #expect(stage.contains { $0.keyword == "COPY" && $0.arguments.contains("deploy/healthcheck.sh") })
        #expect(FileManager.default.isExecutableFile(atPath: RepositoryFiles.root.appendingPathComponent("deploy/healthcheck.sh").path))
    }

    /// The memory budget (1,000,000 open invoices in under 1 GiB) is met with glibc's malloc arenas capped at two
    /// (BENCHMARKS.md, runs E and F): the runtime image sets it for every process.
    @Test func theRuntimeImageCapsGlibcMallocArenas() throws {
        let stage = try Dockerfile(contentsOf: DeploymentFiles.dockerfile).finalStage
        #expect(stage.contains { $0.keyword == "ENV" && $0.arguments == "MALLOC_ARENA_MAX=2" })
    }
}
