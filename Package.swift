// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Credence",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "credence", targets: ["credence"]),
        .executable(name: "credence-scoring", targets: ["credence-scoring"]),
        .executable(name: "credence-monitoring", targets: ["credence-monitoring"]),
        .executable(name: "credence-dunning", targets: ["credence-dunning"]),
        .executable(name: "credence-claims", targets: ["credence-claims"]),
        .executable(name: "credence-console", targets: ["credence-console"]),
        .executable(name: "credence-bench", targets: ["credence-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // The system librdkafka (Debian: librdkafka-dev 2.0.2), found through pkg-config.
        .systemLibrary(
            name: "CRdKafka",
            path: "Shared/CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // The only module that imports librdkafka.
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/Kafka"
        ),
        .target(name: "Domain", path: "Shared/Domain"),
        .target(
            name: "Runtime",
            dependencies: [
                "Kafka", "Domain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Shared/Runtime"
        ),
        // The scoring stage: its rules and processor (a library the CLI and tests use too), and its executable.
        .target(name: "Scoring", dependencies: ["Domain", "Runtime"], path: "Services/scoring", exclude: ["App"]),
        .executableTarget(name: "credence-scoring", dependencies: ["Scoring", "Runtime"], path: "Services/scoring/App"),
        // The monitoring stage: its rules and processor (a library the CLI and tests use too), and its executable.
        .target(name: "Monitoring", dependencies: ["Domain", "Runtime"], path: "Services/monitoring", exclude: ["App"]),
        .executableTarget(name: "credence-monitoring", dependencies: ["Monitoring", "Runtime"], path: "Services/monitoring/App"),
        // The dunning stage: its rules and processor (a library the CLI and tests use too), and its executable.
        .target(name: "Dunning", dependencies: ["Domain", "Runtime"], path: "Services/dunning", exclude: ["App"]),
        .executableTarget(name: "credence-dunning", dependencies: ["Dunning", "Runtime"], path: "Services/dunning/App"),
        // The claims stage: its rules and processor (a library the CLI and tests use too), and its executable.
        .target(name: "Claims", dependencies: ["Domain", "Runtime"], path: "Services/claims", exclude: ["App"]),
        .executableTarget(name: "credence-claims", dependencies: ["Claims", "Runtime"], path: "Services/claims/App"),
        // The console: views over the published topics, the pages and their security (a library the tests use), and its executable.
        .target(
            name: "Console",
            dependencies: [
                "Kafka", "Domain", "Runtime", "Monitoring", "Dunning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Services/console",
            exclude: ["App"]
        ),
        .executableTarget(name: "credence-console", dependencies: ["Console", "Runtime"], path: "Services/console/App"),
        // The pipeline on one machine, shared by the operator CLI and the bench: the stage executables as processes,
        // the embedded pipeline and its drain, the event publisher, the simulated ERP.
        .target(
            name: "Pipeline",
            dependencies: [
                "Kafka", "Domain", "Scoring", "Monitoring", "Dunning", "Claims",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/pipeline"
        ),
        .executableTarget(
            name: "credence",
            dependencies: [
                "Kafka", "Domain", "Runtime", "Scoring", "Monitoring", "Dunning", "Claims", "Console", "Pipeline",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/cli"
        ),
        // The benchmarks (BENCHMARKS.md): the stages against the Kafka layer and kcat, the Kafka layer alone, the console.
        .executableTarget(
            name: "credence-bench",
            dependencies: [
                "Kafka", "Domain", "Runtime", "Monitoring", "Console", "Pipeline",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/bench"
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Kafka", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka", "TestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Tests/KafkaTests"
        ),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")], path: "Tests/DomainTests"),
        // Encode/decode throughput of the hand-written codecs against Foundation's (BENCHMARKS.md "Codec").
        .executableTarget(name: "credence-codec-bench", dependencies: ["Domain"], path: "Tests/CodecBench"),
        // A minimal stage (running total per buyer) that the runtime's process tests start.
        .executableTarget(name: "credence-probe", dependencies: ["Runtime", "Kafka", "Domain"], path: "Tests/RuntimeProbe"),
        .testTarget(
            name: "RuntimeTests",
            dependencies: ["Runtime", "Kafka", "Domain", "TestSupport", "credence-probe", .product(name: "Prometheus", package: "swift-prometheus")],
            path: "Tests/RuntimeTests"
        ),
        .testTarget(name: "ScoringTests", dependencies: [.product(name: "PropertyBased", package: "swift-property-based"), "Scoring", "Domain", "Runtime", "TestSupport"], path: "Tests/ScoringTests"),
        .testTarget(name: "DunningTests", dependencies: [.product(name: "PropertyBased", package: "swift-property-based"), "Dunning", "Domain", "Runtime", "TestSupport"], path: "Tests/DunningTests"),
        .testTarget(name: "MonitoringTests", dependencies: [.product(name: "PropertyBased", package: "swift-property-based"), "Monitoring", "Domain", "Runtime", "TestSupport"], path: "Tests/MonitoringTests"),
        .testTarget(name: "ClaimsTests", dependencies: [.product(name: "PropertyBased", package: "swift-property-based"), "Claims", "Domain", "Runtime", "TestSupport"], path: "Tests/ClaimsTests"),
        // The deployment files (deploy/, docker-compose.yml) checked against what the services read.
        .testTarget(name: "DeploymentTests", dependencies: ["Runtime", "Domain", "TestSupport"], path: "Tests/DeploymentTests"),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "Kafka", "Domain", "Runtime", "TestSupport", "credence", "credence-console", "credence-dunning",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            path: "Tests/ConsoleTests"
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Kafka", "Domain", "Runtime", "Monitoring", "TestSupport", "credence", "credence-bench", "credence-scoring", "credence-monitoring", "credence-dunning", "credence-claims", "credence-console"],
            path: "Tests/IntegrationTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
