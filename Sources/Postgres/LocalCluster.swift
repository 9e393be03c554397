import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster under a data directory, reachable only through a unix socket
/// in a folder nobody else may enter. Every process that uses it holds a shared lock on
/// `cluster.lock` for as long as it does; the last one out stops the server, so `serve`,
/// `migrate` and `invite` can run side by side on one cluster. Starting and stopping take
/// turns through a second lock, `cluster-control.lock`, held only while they happen.
public final class LocalCluster: Sendable {
    public struct Options: Sendable {
        /// Settings for throwaway clusters (tests): durability traded for speed.
        public var durable: Bool = true
        public var databaseName: String = "roundtable"
        /// How long a running server left behind by a process that died (SIGKILL, a crash) may
        /// take to answer before it is stopped and started afresh.
        public var orphanPatienceSeconds: Int = 30
        public init(durable: Bool = true, databaseName: String = "roundtable", orphanPatienceSeconds: Int = 30) {
            self.durable = durable
            self.databaseName = databaseName
            self.orphanPatienceSeconds = orphanPatienceSeconds
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case binariesMissing
        case noUnprivilegedUser
        case commandFailed(String, status: Int32, output: String)

        public var description: String {
            switch self {
            case .binariesMissing:
                return "PostgreSQL server programs (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin. "
                    + "Install them with: apt-get install -y postgresql (or set DATABASE_URL to use another server)"
            case .noUnprivilegedUser:
                return "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as. "
                    + "Install the postgresql package (it creates the user) or run as an ordinary user"
            case .commandFailed(let command, let status, let output):
                return "\(command) failed with status \(status): \(output.suffix(2000))"
            }
        }
    }

    public let directory: URL
    public let options: Options
    private let logger: Logger
    private let usageLock: Int32
    private let controlLock: Int32

    /// Where the server's own files live: the data directory, unless run as root and the
    /// unprivileged user can't reach it (a checkout under /root, say); then a folder under
    /// /var/lib/roundtable named after it.
    public let clusterRoot: URL

    public var dataDirectory: URL { clusterRoot.appendingPathComponent("postgres") }
    public var logFile: URL { clusterRoot.appendingPathComponent("postgres.log") }

    /// The socket folder: inside the cluster's folder unless that path is too long for a unix
    /// socket address (107 bytes), then a short one in /tmp named after it.
    public var socketDirectory: URL {
        let inside = clusterRoot.appendingPathComponent("run")
        if inside.path.utf8.count <= 90 { return inside }
        return URL(fileURLWithPath: "/tmp/roundtable-\(Self.hash(directory.path))")
    }

    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The connection string for the cluster's database.
    public var conninfo: String {
        "host=\(socketDirectory.path) dbname=\(options.databaseName) user=postgres"
    }

    public var maintenanceConninfo: String {
        "host=\(socketDirectory.path) dbname=postgres user=postgres"
    }

    public init(directory: URL, options: Options = Options(), logger: Logger = Logger(label: "postgres.cluster")) throws {
        self.directory = directory.standardizedFileURL
        self.options = options
        self.logger = logger
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var clusterRoot = self.directory
        if let user = try? Self.unprivilegedUser(), !Self.canReach(self.directory, as: user) {
            clusterRoot = URL(fileURLWithPath: "/var/lib/roundtable/clusters/\(Self.hash(self.directory.path))")
            logger.notice("\(self.directory.path) is not reachable by the postgres user; keeping the cluster in \(clusterRoot.path)")
            try FileManager.default.createDirectory(at: clusterRoot, withIntermediateDirectories: true)
        }
        self.clusterRoot = clusterRoot
        usageLock = try Self.openLockFile(directory.appendingPathComponent("cluster.lock").path)
        controlLock = try Self.openLockFile(directory.appendingPathComponent("cluster-control.lock").path)
    }

    deinit {
        close(usageLock)
        close(controlLock)
    }

    private static func openLockFile(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure.commandFailed("open \(path)", status: errno, output: String(cString: strerror(errno)))
        }
        return descriptor
    }

    /// Creates the cluster on first use, starts it unless it runs, and makes sure the
    /// database exists. Returns the connection string.
    public func start() throws -> String {
        flock(controlLock, LOCK_EX)
        defer { flock(controlLock, LOCK_UN) }
        flock(usageLock, LOCK_SH)
        let binaries = try Self.findBinaries()
        let runAs = try Self.unprivilegedUser()
        try prepareFolders(owner: runAs)
        if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
            logger.info("creating a PostgreSQL cluster in \(dataDirectory.path)")
            try run(binaries.appendingPathComponent("initdb"), [
                "-D", dataDirectory.path, "--auth=trust", "--username=postgres", "--encoding=UTF8",
                "--locale=C.UTF-8",
            ], as: runAs)
        }
        if isRunning() { try adoptRunningServer(binaries: binaries, runAs: runAs) }
        if !isRunning() {
            removeStalePidFile()
            var settings = "-k \(socketDirectory.path) -c listen_addresses='' -c unix_socket_permissions=0700"
            if !options.durable {
                settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            }
            logger.info("starting PostgreSQL (socket in \(socketDirectory.path))")
            try run(binaries.appendingPathComponent("pg_ctl"), [
                "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "-o", settings, "start",
            ], as: runAs)
        }
        try createDatabaseIfNeeded()
        return conninfo
    }

    /// A running server may have been left by a `serve` that died without stopping it (its
    /// lock went with it). Usually it answers and is simply reused. But when the supervisor
    /// sent it SIGTERM along with the dead process it is shutting down and refuses
    /// connections ("the database system is shutting down") until its last client leaves,
    /// and a wedged one never answers: give it time to finish or answer, then stop it, so
    /// the caller starts a fresh one instead of failing.
    private func adoptRunningServer(binaries: URL, runAs: passwd?) throws {
        let deadline = Date().addingTimeInterval(TimeInterval(max(1, options.orphanPatienceSeconds)))
        while isRunning() {
            if answers() { return }
            if Date() >= deadline { break }
            usleep(200_000)
        }
        guard isRunning() else { return }
        logger.warning("PostgreSQL is running but does not accept connections; stopping it to start afresh")
        do {
            try run(binaries.appendingPathComponent("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "-t", "30", "stop"], as: runAs)
        } catch {
            try run(binaries.appendingPathComponent("pg_ctl"), ["-D", dataDirectory.path, "-m", "immediate", "-w", "stop"], as: runAs)
        }
    }

    private func answers() -> Bool {
        guard let connection = try? PostgresConnection(conninfo: maintenanceConninfo, connectTimeoutSeconds: 2) else { return false }
        return (try? connection.query("SELECT 1").count) == 1
    }

    /// Stops the server if no other process is using it. Safe to call when not started.
    public func stopIfLastUser() {
        flock(controlLock, LOCK_EX)
        defer { flock(controlLock, LOCK_UN) }
        flock(usageLock, LOCK_UN)
        guard flock(usageLock, LOCK_EX | LOCK_NB) == 0 else { return }
        defer { flock(usageLock, LOCK_UN) }
        guard isRunning(), let binaries = try? Self.findBinaries(), let runAs = try? Self.unprivilegedUser() else { return }
        logger.info("stopping PostgreSQL")
        do {
            try run(binaries.appendingPathComponent("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"], as: runAs)
        } catch {
            logger.error("could not stop PostgreSQL: \(error)")
        }
    }

    /// Stops the server whoever else uses it (tests that prove the forum survives an outage).
    public func forceStop() throws {
        let binaries = try Self.findBinaries()
        try run(binaries.appendingPathComponent("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"],
                as: try Self.unprivilegedUser())
    }

    // MARK: - Helpers

    /// The running postmaster's pid file names a live `postgres` process.
    public func isRunning() -> Bool {
        guard let pid = postmasterPid() else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        return comm.hasPrefix("postgres") || comm.hasPrefix("postmaster")
    }

    private func postmasterPid() -> pid_t? {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid").path
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces))
        else { return nil }
        return pid
    }

    /// After a crash or a machine restart the pid file may name a dead process, or a
    /// process that reused the number; PostgreSQL would then refuse to start.
    private func removeStalePidFile() {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid").path
        if FileManager.default.fileExists(atPath: pidFile) {
            logger.warning("removing a stale postmaster.pid left by a server that is no longer running")
            try? FileManager.default.removeItem(atPath: pidFile)
        }
        for name in [".s.PGSQL.5432", ".s.PGSQL.5432.lock"] {
            try? FileManager.default.removeItem(at: socketDirectory.appendingPathComponent(name))
        }
    }

    private func prepareFolders(owner: passwd?) throws {
        for folder in [dataDirectory, socketDirectory] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            chmod(folder.path, 0o700)
        }
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        if let owner {
            for path in [dataDirectory.path, socketDirectory.path, logFile.path] {
                chown(path, owner.pw_uid, owner.pw_gid)
            }
        }
    }

    private func createDatabaseIfNeeded() throws {
        let connection = try PostgresConnection(conninfo: maintenanceConninfo)
        let exists = try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.databaseName]).count > 0
        if !exists {
            do {
                // An identifier can't be a parameter; the name is ours, not user input, and is quoted.
                try connection.query("CREATE DATABASE \"\(options.databaseName.replacingOccurrences(of: "\"", with: ""))\"")
            } catch let error as PostgresError where error.sqlState == "42P04" {
                // Created by another process meanwhile.
            }
        }
    }

    private func run(_ program: URL, _ arguments: [String], as user: passwd?) throws {
        // `env -C /`: the unprivileged user may not be allowed into our working directory.
        var executable = "/usr/bin/env"
        var argv = ["-C", "/", program.path] + arguments
        if let user {
            executable = "/usr/sbin/runuser"
            argv = ["-u", String(cString: user.pw_name), "--", "/usr/bin/env"] + argv
        }
        let outputPath = "/tmp/roundtable-\(program.lastPathComponent)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(outputPath) }
        let status = try Subprocess.run(executable, argv, outputPath: outputPath)
        guard status == 0 else {
            var text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let log = try? String(contentsOf: logFile, encoding: .utf8) { text += "\n" + log.suffix(1500) }
            throw Failure.commandFailed(([program.lastPathComponent] + arguments).joined(separator: " "),
                                        status: status, output: text)
        }
    }

    private static func canReach(_ folder: URL, as user: passwd) -> Bool {
        let status = try? Subprocess.run(
            "/usr/sbin/runuser", ["-u", String(cString: user.pw_name), "--", "/usr/bin/test", "-x", folder.path],
            outputPath: "/dev/null")
        return status == 0
    }

    static func findBinaries() throws -> URL {
        let fileManager = FileManager.default
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where fileManager.isExecutableFile(atPath: "\(folder)/pg_ctl")
            && fileManager.isExecutableFile(atPath: "\(folder)/initdb") {
            return URL(fileURLWithPath: String(folder))
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? fileManager.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where fileManager.isExecutableFile(atPath: "\(root)/\(version)/bin/pg_ctl") {
            return URL(fileURLWithPath: "\(root)/\(version)/bin")
        }
        throw Failure.binariesMissing
    }

    /// PostgreSQL will not run as root; as root we run it as `postgres`.
    static func unprivilegedUser() throws -> passwd? {
        guard geteuid() == 0 else { return nil }
        guard let entry = getpwnam("postgres") else { throw Failure.noUnprivilegedUser }
        return entry.pointee
    }
}
