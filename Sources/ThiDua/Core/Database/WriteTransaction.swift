import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// One writer at a time for SQLite.
///
/// SQLite lets one connection write at a time, and a transaction that has read before it writes fails at once with
/// "database is locked" when another connection wrote meanwhile (its busy handler is not called, to avoid a deadlock).
/// The server has a connection per event loop, so two requests saving at the same moment could lose one save. Every
/// change therefore goes through ``Database/writeTransaction(_:)``: on SQLite the transactions of this process take
/// turns and each takes the write lock first (WAL mode lets reads go on meanwhile); on PostgreSQL it is a plain
/// transaction.
extension Database {
    /// - Parameter writesFirst: the body's first statement writes (e.g. an optimistic-lock bump), so it takes SQLite's
    ///   write lock itself and the extra statement that otherwise takes it is skipped.
    ///
    /// Measured (``AppMetrics``): the wait for the connection, and on SQLite the wait for the write lock.
    func writeTransaction<T: Sendable>(writesFirst: Bool = false, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard !inTransaction else { return try await transaction(body) }
        guard DatabaseSetup.isSQLite(self) else { return try await measuredTransaction(body) }
        let queued = DispatchTime.now().uptimeNanoseconds
        AppMetrics.writeTransactions(.waitingLock).increment()
        return try await SQLiteWriteLock.shared.run {
            AppMetrics.writeTransactions(.waitingLock).decrement()
            let turnWait = AppMetrics.elapsed(since: queued)
            return try await self.measuredTransaction { db in
                // Take the write lock before the first read: a write that changes nothing does, and SQLite waits for
                // the lock (rather than failing) while the transaction has not read anything yet.
                let locking = DispatchTime.now().uptimeNanoseconds
                if !writesFirst { try await (db as! any SQLDatabase).raw("UPDATE communes SET code = code WHERE 0 = 1").run() }
                AppMetrics.writeLockWait.recordNanoseconds(turnWait + (writesFirst ? 0 : AppMetrics.elapsed(since: locking)))
                return try await body(db)
            }
        }
    }

    /// A transaction whose wait for a connection (until its `BEGIN` has run) is measured, and which counts as waiting,
    /// then running, in ``AppMetrics/writeTransactions(_:)``.
    private func measuredTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let asked = DispatchTime.now().uptimeNanoseconds
        let begun = NIOLockedValueBox(false)
        AppMetrics.writeTransactions(.waitingConnection).increment()
        @Sendable func ended() {
            AppMetrics.writeTransactions(begun.withLockedValue { $0 } ? .running : .waitingConnection).decrement()
        }
        do {
            let result = try await transaction { db in
                begun.withLockedValue { $0 = true }
                AppMetrics.writeTransactions(.waitingConnection).decrement()
                AppMetrics.writeTransactions(.running).increment()
                AppMetrics.connectionWait.recordNanoseconds(AppMetrics.elapsed(since: asked))
                return try await body(db)
            }
            ended()
            return result
        } catch {
            ended()
            throw error
        }
    }
}

/// A first-come, first-served async lock (no thread is blocked while waiting).
actor SQLiteWriteLock {
    static let shared = SQLiteWriteLock()
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
    }
}
