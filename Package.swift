// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "roundtable",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "roundtable", targets: ["roundtable"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Already in the graph through hummingbird-auth; used directly for HMAC-SHA-1 (TOTP) and AES-GCM.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // System libraries: Debian's libpq-dev and libargon2-dev (installed by `make deps`).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // QR codes' modules through libqrencode (the two-factor enrolment page draws them as SVG).
        .target(name: "QRCode", dependencies: ["CQRencode"]),

        // Markdown to safe HTML through cmark-gfm.
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        // Parsing what browsers send: URL-encoded and multipart forms, CSV uploads, emails.
        .target(name: "FormKit"),
        // Which kind of file an upload is, from its bytes alone; clean file names.
        .target(name: "FileKinds"),
        // Mail messages and their delivery: to .eml files or over SMTP.
        .target(name: "Mail"),

        // The libpq wrapper: pool, parameterized queries, transactions, migrations, a private
        // cluster. Knows nothing of forums.
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The domain: accounts, sessions, schools, categories, threads, posts, policy. No HTTP.
        .target(
            name: "Forum",
            dependencies: [
                "Postgres", "CArgon2", "Mail", "FormKit", "Markdown", "FileKinds",
                // Mail to members links to pages: their paths come from `SiteURL` too.
                "Views",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The views: each page's typed model and the markup it writes, escaping by type, and
        // `SiteURL`, the one source of the forum's paths. Knows no HTTP framework and no SQL.
        .target(
            name: "Views",
            dependencies: ["Markdown", .product(name: "NIOCore", package: "swift-nio")],
            path: "templates"
        ),
        // The web: routes, middleware, handlers that turn queries into view models.
        .target(
            name: "ForumWeb",
            dependencies: [
                "Forum", "Postgres", "FormKit", "Mail", "Views", "QRCode", "FileKinds",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            ]
        ),
        .executableTarget(
            name: "roundtable",
            dependencies: [
                "Forum", "ForumWeb", "Postgres", "Mail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),

        // `make bench-render`: the 51-post thread page rendered on one core, µs per page.
        .executableTarget(name: "RenderBench", dependencies: ["Views", "Markdown"], path: "bench/RenderBench"),

        .target(name: "TestSupport", dependencies: ["Postgres", "Forum"], path: "Tests/TestSupport"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "ViewsTests", dependencies: ["Views"]),
        .testTarget(name: "FormKitTests", dependencies: ["FormKit"]),
        .testTarget(name: "FileKindsTests", dependencies: ["FileKinds", "TestSupport"]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "TestSupport"]),
        .testTarget(name: "ForumTests", dependencies: ["Forum", "TestSupport", "Mail", "FormKit"]),
        .testTarget(
            name: "ForumWebTests",
            dependencies: [
                "ForumWeb", "TestSupport", "Mail",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
