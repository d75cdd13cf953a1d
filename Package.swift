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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
            ],
            path: "Shared/Runtime"
        ),
        .executableTarget(name: "credence-scoring", dependencies: ["Runtime"], path: "Services/scoring"),
        .executableTarget(name: "credence-monitoring", dependencies: ["Runtime"], path: "Services/monitoring"),
        .executableTarget(name: "credence-dunning", dependencies: ["Runtime"], path: "Services/dunning"),
        .executableTarget(name: "credence-claims", dependencies: ["Runtime"], path: "Services/claims"),
        .executableTarget(
            name: "credence",
            dependencies: [
                "Kafka", "Domain", "Runtime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/cli"
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Tests/KafkaTests"
        ),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], path: "Tests/DomainTests"),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Kafka", "Domain", "credence"],
            path: "Tests/IntegrationTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
