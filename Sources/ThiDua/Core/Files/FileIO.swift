import Vapor

/// The threads that do the disk work of files: writing and hashing a received upload as it arrives
/// (``IncomingFile``), its fsync before the transaction that records it, and reading and writing the store
/// (``LocalFileStore``).
///
/// Not the application's blocking-work pool (`app.threadPool`, see configure.swift), because every SQLite statement
/// runs there, one job per statement: a statement of the transaction that holds SQLite's write lock queued behind other
/// uploads' 128 KB writes and hashes, and every writer waited behind that transaction. Nor NIO's shared pool (a thread
/// per core, two here), where the 1 MB fsyncs ran before (6–7 ms each: two of them took both threads). Threads blocked
/// in `fsync` use no CPU, hence more of them than cores. One pool for the process (like NIO's singletons), started on
/// first use and never shut down.
enum FileIO {
    static let threadPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        return pool
    }()
}
