import Fluent
import Foundation
import Vapor

/// `thidua migrate`: brings the database schema up to date (no prompt; safe to run again).
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Cập nhật cấu trúc cơ sở dữ liệu / Run pending database migrations." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Đã cập nhật cơ sở dữ liệu. / Database is up to date.")
    }
}

/// `thidua seed-demo`: loads the Nghĩa Trung demo into an empty database.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Nạp dữ liệu mẫu xã Nghĩa Trung vào cơ sở dữ liệu trống / Load the demo into an empty database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard try await DemoSeeder.isEmpty(app.db) else {
            context.console.print("Cơ sở dữ liệu đã có dữ liệu: không nạp dữ liệu mẫu. / The database is not empty: nothing loaded.")
            return
        }
        let summary = try await DemoSeeder.seed(app)
        context.console.print(summary.banner(url: "http://\(app.settings.hostname):\(app.settings.port)"))
    }
}

/// `thidua create-admin --commune CODE --username NAME [--name "Tên xã"]`: creates an administrator account,
/// reading the password from standard input. Creates the commune (with the movement defaults) when `--name` is given
/// and the commune does not exist yet.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "commune", help: "Mã xã, ví dụ nghia-trung / Commune code")
        var commune: String?
        @Option(name: "username", help: "Tên đăng nhập / Username")
        var username: String?
        @Option(name: "name", help: "Tên xã khi tạo xã mới, ví dụ \"Nghĩa Trung\" / Commune name, to create it")
        var name: String?
        @Option(name: "province", help: "Tỉnh khi tạo xã mới / Province, to create the commune")
        var province: String?
    }

    var help: String { "Tạo tài khoản quản trị; mật khẩu đọc từ đầu vào chuẩn / Create an administrator; password from standard input." }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let code = signature.commune?.trimmingCharacters(in: .whitespaces).lowercased(), !code.isEmpty,
              let username = signature.username?.trimmingCharacters(in: .whitespaces).lowercased(), !username.isEmpty else {
            throw Failure(description: "Cần --commune và --username. / --commune and --username are required.")
        }
        guard (3...40).contains(username.count), username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw Failure(description: UsersText.usernameHint)
        }
        try await app.autoMigrate()
        let password = (readLine(strippingNewline: true) ?? "")
        if let weak = Passwords.weakness(password) { throw Failure(description: weak) }
        if try await User.query(on: app.db).filter(\.$username == username).count() > 0 {
            throw Failure(description: UsersText.usernameTaken)
        }
        var commune = try await Commune.query(on: app.db).filter(\.$code == code).first()
        if commune == nil {
            guard let name = signature.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw Failure(description: "Không có xã mã \"\(code)\". Thêm --name \"Tên xã\" để tạo mới. / No commune \"\(code)\"; add --name to create it.")
            }
            let created = Commune(code: code, name: name, province: signature.province ?? "Đồng Nai",
                                  authorityName: "ỦY BAN NHÂN DÂN XÃ \(name.uppercased())")
            try await created.create(on: app.db)
            try await MovementDefaults.install(communeID: created.id!, actor: .system(communeID: created.id!, at: app.clock.now()), on: app.db)
            try await LegalBasisDefaults.seed(communeID: created.id!, at: app.clock.now(), on: app.db)
            try await IndicatorDefaults.seed(communeID: created.id!, at: app.clock.now(), on: app.db)
            commune = created
        }
        guard let commune, let communeID = commune.id else { return }
        let hash = try await Passwords.hash(password, cost: app.settings.bcryptCost, on: app)
        let user = User(communeID: communeID, username: username, displayName: username, passwordHash: hash)
        try await app.db.writeTransaction { db in
            try await user.create(on: db)
            try await UserRole(userID: user.id!, communeID: communeID, role: .administrator).create(on: db)
            try await AuditLog.record(on: db, .system(communeID: communeID, at: app.clock.now()), .create, type: AuditText.typeUser,
                                      id: user.id, label: username, after: try await UsersController.snapshot(user, on: db))
        }
        context.console.print("Đã tạo tài khoản quản trị \(username) cho \(commune.displayName). / Administrator created.")
    }
}
