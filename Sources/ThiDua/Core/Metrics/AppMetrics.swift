import CoreMetrics
import Foundation
import Prometheus

/// The service's measurements, written with swift-metrics into one Prometheus registry and read at `GET /metrics`
/// (``MetricsEndpointMiddleware``). Every name and label is listed in `docs/operations.md`.
///
/// One registry per process, as Prometheus scrapes a process: the SQLite write lock it measures is per process too
/// (``SQLiteWriteLock/shared``). Nothing is bootstrapped into the global `MetricsSystem`: each metric names this
/// factory, so the libraries' own metrics (Vapor's, under other label names) never mix into these families.
///
/// Labels only ever take values from a bounded set — a route's registered pattern (`/reports/:year/units/:id`, never
/// the path a client sent), a method from the standard list, a status code — so a client cannot grow the registry.
enum AppMetrics {
    static let registry = PrometheusCollectorRegistry()

    static let factory: PrometheusMetricsFactory = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // From a page served from memory (under 1 ms) to a slow import (seconds).
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        return factory
    }()

    // MARK: HTTP

    /// Requests being answered now.
    static let requestsInFlight = Meter(label: "http_requests_in_flight", factory: factory)

    /// One answered request: `http_requests_total` and `http_request_duration_seconds`, by method, route and status.
    static func request(method: String, route: String, status: UInt, nanoseconds: UInt64) {
        let dimensions = [("method", method), ("route", route), ("status", String(status))]
        Counter(label: "http_requests_total", dimensions: dimensions, factory: factory).increment()
        CoreMetrics.Timer(label: "http_request_duration_seconds", dimensions: dimensions, factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// Bytes of uploads received (evidence, attachments, scans, CSV imports): `thidua_upload_bytes_total`.
    ///
    /// Code that reads an upload's body as it streams calls ``Vapor/Request/countUploadBytes(_:)`` with each piece;
    /// ``HTTPMetricsMiddleware`` counts the other upload bodies (collected, or streamed by code that did not count).
    static func uploadBytes(_ count: Int) {
        guard count > 0 else { return }
        uploadBytesTotal.increment(by: count)
    }

    private static let uploadBytesTotal = Counter(label: "thidua_upload_bytes_total", factory: factory)

    // MARK: Database

    /// Time a write transaction waited for its connection from the pool, until its `BEGIN` had run
    /// (`thidua_db_connection_wait_seconds`). Fluent's pools keep their counts private, so the wait is measured where
    /// every change starts: ``Database/writeTransaction(writesFirst:_:)``.
    static let connectionWait = CoreMetrics.Timer(label: "thidua_db_connection_wait_seconds", factory: factory)

    /// SQLite: time a write transaction waited for the write lock — its turn among the process's writers
    /// (``SQLiteWriteLock``) and then SQLite's own lock (`thidua_db_write_lock_wait_seconds`).
    static let writeLockWait = CoreMetrics.Timer(label: "thidua_db_write_lock_wait_seconds", factory: factory)

    /// Write transactions by state: `waiting_lock` (SQLite: queued for the write lock), `waiting_connection`
    /// (asked the pool, not yet begun), `running` (holding a connection). `thidua_db_write_transactions`.
    enum WriteState: String, CaseIterable {
        case waitingLock = "waiting_lock"
        case waitingConnection = "waiting_connection"
        case running
    }

    static func writeTransactions(_ state: WriteState) -> Meter {
        writeTransactionMeters[state]!
    }

    private static let writeTransactionMeters: [WriteState: Meter] = Dictionary(uniqueKeysWithValues: WriteState.allCases.map {
        ($0, Meter(label: "thidua_db_write_transactions", dimensions: [("state", $0.rawValue)], factory: factory))
    })

    // MARK: Mail

    /// E-mails handed to the background and not yet sent or failed: `thidua_mail_queue_length`.
    static let mailQueue = Meter(label: "thidua_mail_queue_length", factory: factory)

    /// E-mails that left the queue, by result (`sent`, `failed`): `thidua_mail_total`.
    static func mailDone(sent: Bool) {
        Counter(label: "thidua_mail_total", dimensions: [("result", sent ? "sent" : "failed")], factory: factory).increment()
    }

    // MARK: Reading

    /// The Prometheus text exposition of every metric.
    static func exposition() -> [UInt8] {
        prepare()
        return registry.emitToBuffer()
    }

    /// Creates the families that have no sample yet, so that a scrape right after start-up already lists every name.
    static func prepare() {
        _ = requestsInFlight
        _ = uploadBytesTotal
        _ = connectionWait
        _ = writeLockWait
        _ = writeTransactionMeters
        _ = mailQueue
    }

    /// Nanoseconds since `start` (a `DispatchTime.now().uptimeNanoseconds`).
    static func elapsed(since start: UInt64) -> UInt64 {
        let now = DispatchTime.now().uptimeNanoseconds
        return now > start ? now - start : 0
    }
}
