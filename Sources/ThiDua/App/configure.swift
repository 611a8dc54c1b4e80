import Fluent
import Foundation
import Vapor

/// The composition root: builds the whole application from explicit settings and dependencies.
/// Tests call it with an in-memory database and a fixed clock.
public func configure(_ app: Application, settings: Settings, clock: any AppClock = SystemClock()) async throws {
    app.settings = settings
    app.clock = clock
    app.logger.logLevel = settings.logLevel
    app.http.server.configuration.hostname = settings.hostname
    app.http.server.configuration.port = settings.port
    // A connection with no traffic either way for 10 minutes (an abandoned keep-alive) is closed. It counts while a
    // request is being worked on too, so it is far above the longest request (a 5,000-row import takes seconds);
    // a body that stops half-way is refused sooner, by the CSRF check's deadline (``BodyLimit/deadline``).
    app.http.server.configuration.idleTimeout = .seconds(600)
    // Pages, JSON, CSS and script are gzip-compressed for a client that accepts it; files that are already compressed
    // (Word, Excel, PDF, images) are not (``ResponseCompression``). Requests are measured by ``HTTPMetricsMiddleware``
    // by route pattern, so Vapor's own request metrics (by path, into the global metrics system) are turned off.
    app.http.server.configuration.responseCompression = ResponseCompression.configuration
    app.http.server.configuration.reportMetrics = false
    app.routes.defaultMaxBodySize = "2mb"
    BoundedFormDecoder.install() // a form's fields are counted before it is parsed (``FormFieldLimit``)

    if let smtp = settings.smtp {
        app.notifier = LiveNotifier(mailer: SMTPMailSender(host: smtp.host, port: smtp.port, from: smtp.from),
                                    publicURL: settings.publicURL, logger: app.logger)
    }

    // Blocking work (every SQLite statement, bcrypt) runs on this pool; NIO's shared one has a thread per core, so one
    // sign-in's bcrypt or a burst of reads would queue the statements of the request that holds the write lock.
    app.threadPool = NIOThreadPool(numberOfThreads: max(8, System.coreCount * 2))
    StreamedUpload.sweepIncoming(dataDirectory: settings.dataDirectory) // uploads a crashed process left half-received
    try DatabaseSetup.configure(app, settings: settings)
    await DatabaseSetup.prepare(app, settings: settings)
    app.passwordChecks = PasswordCheckCounter()

    // Order matters: the request id comes first, so every log line and every answer (error pages too) carries it; the
    // request is measured next, around everything, so its status is the one the client got; `Vary: Accept-Encoding`
    // and the security headers are added outside the error middleware, so error pages carry them too; errors are
    // caught next; files and /metrics are served before any database work.
    app.middleware = Middlewares()
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(HTTPMetricsMiddleware())
    app.middleware.use(CompressionHeadersMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(settings: settings))
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(QueryFieldLimitMiddleware())
    app.middleware.use(StaticAssetsMiddleware())
    app.middleware.use(MetricsEndpointMiddleware(token: settings.metricsToken))
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(FlashMiddleware())

    try routes(app)
    app.lifecycle.use(InspectionNoticeSweep()) // issue 15: the visit notices N days before (hourly, after boot)
    app.lifecycle.use(IndicatorLockSweep()) // issue 16: approved values of past years locked (hourly, after boot)
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(SeedScaleCommand(), as: "seed-scale") // issue 16: a province of test data
    app.asyncCommands.use(BenchDashboardCommand(), as: "bench-dashboard") // issue 16: bench/dashboard.sh
}
