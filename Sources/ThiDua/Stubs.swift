import Vapor
import Fluent
import Plot
enum AuditController { static func register(_ r: any RoutesBuilder) {} }
enum UsersController { static func register(_ r: any RoutesBuilder) {} }
enum HomeController { static func show(req: Request) async throws -> String { "" } }
enum OpenAPIDocument { static func serve(req: Request) async throws -> String { "" } }
struct MigrateCommand: AsyncCommand { struct Signature: CommandSignature {}; var help: String { "" }; func run(using c: CommandContext, signature: Signature) async throws {} }
typealias SeedDemoCommand = MigrateCommand
typealias CreateAdminCommand = MigrateCommand
enum DemoSeeder { static func isEmpty(_ db: any Database) async throws -> Bool { false }
  struct S { func banner(url: String) -> String { "" } }
  static func seed(_ app: Application) async throws -> S { S() } }
struct AuditRow: Sendable {}
enum AuditQueries { static func forObject(on db: any Database, communeID: UUID, id: UUID, limit: Int) async throws -> [AuditRow] { [] } }
enum AuditViews { static func table<C: HTML.BodyContext>(_ rows: [AuditRow]) -> Node<C> { .empty } }
