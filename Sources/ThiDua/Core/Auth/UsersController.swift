import Fluent
import Foundation
import Plot
import Vapor

/// Accounts of the commune, managed by the administrator: create, assign roles, bind to a unit, reset a
/// password, deactivate. Nobody can delete an account.
enum UsersController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.users, use: list)
        routes.post(.users, use: create)
        routes.get(.userNew, use: newForm)
        routes.get(.user(nil), use: editForm)
        routes.post(.user(nil), use: update)
        routes.post(.userResetPassword(nil), use: resetPassword)
        routes.post(.userDeactivate(nil), use: deactivate)
        routes.post(.userReactivate(nil), use: reactivate)
    }

    struct UserRow: Sendable {
        let id: UUID
        let username: String
        let displayName: String
        let roles: [Role]
        let unitName: String?
        let isActive: Bool
    }

    /// An account as stored in the audit log (never the password hash).
    struct UserDTO: Codable, Sendable {
        let username: String
        let displayName: String
        let roles: [String]
        let unitId: UUID?
        let personId: UUID?
        let isActive: Bool
    }

    static func snapshot(_ u: User, on db: any Database) async throws -> UserDTO {
        let roles = try await UserRole.query(on: db).filter(\.$userID == u.id!).all().map(\.role).sorted()
        return UserDTO(username: u.username, displayName: u.displayName, roles: roles, unitId: u.unitID, personId: u.personID, isActive: u.isActive)
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.manageUsers)
        let users = try await User.query(on: req.db).filter(\.$communeID == user.communeID).sort(\.$username).all()
        let roles = try await UserRole.query(on: req.db).filter(\.$communeID == user.communeID).all()
        let units = try await DirectoryQueries.unitNames(on: req.db, ids: Set(users.compactMap(\.unitID)))
        let rows = users.map { u in
            UserRow(id: u.id!, username: u.username, displayName: u.displayName,
                    roles: roles.filter { $0.userID == u.id }.compactMap { Role(rawValue: $0.role) }.sorted(),
                    unitName: u.unitID.flatMap { units[$0] }, isActive: u.isActive)
        }
        return UserListView.render(.init(frame: req.page(UsersText.title, section: .users, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: UsersText.title, url: nil)]),
                                         rows: rows))
    }

    struct UserForm: Content {
        var username: String?
        var displayName: String?
        var password: String?
        var roles: [String]?
        var unitId: String?
        var personId: String?
    }

    static func fields(_ req: Request, isNew: Bool, selectedRoles: Set<String>) async throws -> [FieldSpec] {
        let user = try req.requireUser()
        let units = try await DirectoryQueries.unitChoices(on: req.db, communeID: user.communeID)
        let people = try await Person.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$isActive == true).sort(\.$searchText).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: $0.title.isEmpty ? $0.fullName : "\($0.fullName) — \($0.title)") }
        var specs: [FieldSpec] = []
        if isNew {
            specs.append(.text("username", UsersText.username, required: true, hint: UsersText.usernameHint, maxLength: 40))
        }
        specs.append(.text("displayName", UsersText.displayName, required: true, maxLength: 120))
        if isNew {
            specs.append(.text("password", UsersText.initialPassword, required: true, type: "password", hint: LoginText.newPasswordHint, maxLength: 128))
        }
        specs.append(.checkboxes("roles", UsersText.roles, choices: Role.allCases.map { Choice(value: $0.rawValue, label: $0.label) },
                                 selected: selectedRoles, hint: UsersText.rolesHint))
        specs.append(.select("unitId", UsersText.unit, choices: units, blank: UsersText.noUnit, hint: UsersText.unitHint))
        specs.append(.select("personId", UsersText.person, choices: people, blank: UsersText.noPerson))
        return specs
    }

    static func page(_ req: Request, title: String, action: SiteURL, cancel: SiteURL, state: FormState, fields: [FieldSpec],
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        return try await FormPageView.render(.init(frame: req.page(title, section: .users, breadcrumbs: [
            .init(title: CoreText.home, url: .home), .init(title: UsersText.title, url: .users), .init(title: title, url: nil)]),
            action: action, cancel: cancel, state: state, csrf: user.csrfToken, fields: fields)).encodeResponse(status: status, for: req)
    }

    static func newForm(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        return try await page(req, title: UsersText.new, action: .users, cancel: .users, state: FormState(),
                              fields: try await fields(req, isNew: true, selectedRoles: [Role.individual.rawValue]))
    }

    /// Checks roles, unit and person; returns the values or field errors.
    static func validateCommon(_ req: Request, _ form: UserForm, errors: inout [String: String]) async throws -> (String, [Role], UUID?, UUID?) {
        let user = try req.requireUser()
        let displayName = Check.text(form.displayName, "displayName", max: 120, required: true, into: &errors)
        let roles = (form.roles ?? []).compactMap(Role.init(rawValue:))
        if roles.count != (form.roles ?? []).count { errors["roles"] = CoreText.invalidChoice }
        if roles.isEmpty { errors["roles"] = UsersText.needRole }
        var unitID: UUID?
        if !TextFolding.clean(form.unitId).isEmpty {
            unitID = Check.uuid(form.unitId)
            if let id = unitID, try await DirectoryQueries.unit(on: req.db, communeID: user.communeID, id: id) != nil {} else { errors["unitId"] = DirectoryText.unknownUnit }
        }
        if roles.contains(.unitFocalPoint) && unitID == nil && errors["unitId"] == nil { errors["unitId"] = UsersText.focalNeedsUnit }
        var personID: UUID?
        if !TextFolding.clean(form.personId).isEmpty {
            personID = Check.uuid(form.personId)
            if let id = personID, try await DirectoryQueries.person(on: req.db, communeID: user.communeID, id: id) != nil {} else { errors["personId"] = MovementText.unknownPerson }
        }
        return (displayName, roles, unitID, personID)
    }

    static func create(req: Request) async throws -> Response {
        let admin = try req.requireUser()
        try req.authorize(.manageUsers)
        let form = try req.content.decode(UserForm.self)
        var errors: [String: String] = [:]
        let username = TextFolding.clean(form.username).lowercased()
        if username.isEmpty { errors["username"] = CoreText.required }
        else if !(3...40).contains(username.count) || !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            errors["username"] = UsersText.usernameHint
        } else if try await User.query(on: req.db).filter(\.$username == username).count() > 0 {
            errors["username"] = UsersText.usernameTaken
        }
        if let weak = Passwords.weakness(form.password ?? "") { errors["password"] = weak }
        let (displayName, roles, unitID, personID) = try await validateCommon(req, form, errors: &errors)
        if !errors.isEmpty {
            return try await page(req, title: UsersText.new, action: .users, cancel: .users,
                                  state: FormState(values: ["username": form.username ?? "", "displayName": form.displayName ?? "",
                                                            "unitId": form.unitId ?? "", "personId": form.personId ?? ""], errors: errors),
                                  fields: try await fields(req, isNew: true, selectedRoles: Set(form.roles ?? [])), status: .unprocessableEntity)
        }
        let hash = try await Passwords.hash(form.password ?? "", cost: req.application.settings.bcryptCost, on: req.application)
        let user = User(communeID: admin.communeID, username: username, displayName: displayName, passwordHash: hash, unitID: unitID, personID: personID)
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await user.create(on: db)
            for role in roles { try await UserRole(userID: user.id!, communeID: admin.communeID, role: role).create(on: db) }
            try await AuditLog.record(on: db, actor, .create, type: AuditText.typeUser, id: user.id, label: username, after: try await snapshot(user, on: db))
        }
        return req.redirect(to: .users, flash: Flash(.success, String(format: UsersText.created, username)))
    }

    static func load(_ req: Request) async throws -> User {
        let admin = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let user = try await User.query(on: req.db).filter(\.$communeID == admin.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        return user
    }

    static func editForm(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let u = try await load(req)
        let dto = try await snapshot(u, on: req.db)
        return try await UserEditView.render(.init(
            frame: req.page("\(UsersText.edit): \(u.username)", section: .users, breadcrumbs: [
                .init(title: CoreText.home, url: .home), .init(title: UsersText.title, url: .users), .init(title: u.username, url: nil)]),
            userID: u.id!, username: u.username, isActive: u.isActive,
            state: FormState(values: ["displayName": u.displayName, "unitId": u.unitID?.uuidString.lowercased() ?? "", "personId": u.personID?.uuidString.lowercased() ?? ""]),
            fields: try await fields(req, isNew: false, selectedRoles: Set(dto.roles)), csrf: try req.requireUser().csrfToken,
            isSelf: u.id == (try req.requireUser()).id)).encodeResponse(for: req)
    }

    static func update(req: Request) async throws -> Response {
        let admin = try req.requireUser()
        try req.authorize(.manageUsers)
        let u = try await load(req)
        let form = try req.content.decode(UserForm.self)
        var errors: [String: String] = [:]
        let (displayName, roles, unitID, personID) = try await validateCommon(req, form, errors: &errors)
        if u.id == admin.id && !roles.contains(.administrator) { errors["roles"] = UsersText.cannotDropOwnAdmin }
        if !errors.isEmpty {
            return try await UserEditView.render(.init(
                frame: req.page("\(UsersText.edit): \(u.username)", section: .users, breadcrumbs: [
                    .init(title: CoreText.home, url: .home), .init(title: UsersText.title, url: .users), .init(title: u.username, url: nil)]),
                userID: u.id!, username: u.username, isActive: u.isActive,
                state: FormState(values: ["displayName": form.displayName ?? "", "unitId": form.unitId ?? "", "personId": form.personId ?? ""], errors: errors),
                fields: try await fields(req, isNew: false, selectedRoles: Set(form.roles ?? [])), csrf: admin.csrfToken, isSelf: u.id == admin.id))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let before = try await snapshot(u, on: req.db)
        u.displayName = displayName; u.unitID = unitID; u.personID = personID
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await u.update(on: db)
            try await UserRole.query(on: db).filter(\.$userID == u.id!).delete()
            for role in roles { try await UserRole(userID: u.id!, communeID: u.communeID, role: role).create(on: db) }
            try await AuditLog.record(on: db, actor, .update, type: AuditText.typeUser, id: u.id, label: u.username, before: before, after: try await snapshot(u, on: db))
        }
        return req.redirect(to: .users, flash: Flash(.success, String(format: UsersText.updated, u.username)))
    }

    struct ResetForm: Content { var password: String? }

    static func resetPassword(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let u = try await load(req)
        let form = try req.content.decode(ResetForm.self)
        if let weak = Passwords.weakness(form.password ?? "") {
            // The page again, the reason beside the new password's field.
            let admin = try req.requireUser()
            let dto = try await snapshot(u, on: req.db)
            return try await UserEditView.render(.init(
                frame: req.page("\(UsersText.edit): \(u.username)", section: .users, breadcrumbs: [
                    .init(title: CoreText.home, url: .home), .init(title: UsersText.title, url: .users), .init(title: u.username, url: nil)]),
                userID: u.id!, username: u.username, isActive: u.isActive,
                state: FormState(values: ["displayName": u.displayName, "unitId": u.unitID?.uuidString.lowercased() ?? "", "personId": u.personID?.uuidString.lowercased() ?? ""]),
                fields: try await fields(req, isNew: false, selectedRoles: Set(dto.roles)), csrf: admin.csrfToken,
                isSelf: u.id == admin.id, resetState: FormState(values: [:], errors: ["password": "\(UsersText.resetFailed) \(weak)"])))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await Passwords.hash(form.password ?? "", cost: req.application.settings.bcryptCost, on: req.application)
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            u.passwordHash = hash
            try await u.update(on: db)
            // Every session of that account ends; failed attempts are forgiven.
            try await AuthSession.query(on: db).filter(\.$userID == u.id!).delete()
            try await LoginThrottle.forgive(username: u.username, on: db)
            try await AuditLog.record(on: db, actor, .passwordReset, type: AuditText.typeUser, id: u.id, label: u.username)
        }
        return req.redirect(to: .user(u.id), flash: Flash(.success, String(format: UsersText.resetDone, u.username)))
    }

    static func deactivate(req: Request) async throws -> Response { try await setActive(req, false) }
    static func reactivate(req: Request) async throws -> Response { try await setActive(req, true) }

    static func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let admin = try req.requireUser()
        try req.authorize(.manageUsers)
        let u = try await load(req)
        if u.id == admin.id && !active { return req.redirect(to: .user(u.id), flash: Flash(.error, UsersText.cannotDeactivateSelf)) }
        guard u.isActive != active else { return req.redirect(to: .user(u.id), flash: nil) }
        let before = try await snapshot(u, on: req.db)
        u.isActive = active
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await u.update(on: db)
            if !active { try await AuthSession.query(on: db).filter(\.$userID == u.id!).delete() }
            try await AuditLog.record(on: db, actor, active ? .reactivate : .deactivate, type: AuditText.typeUser, id: u.id, label: u.username,
                                      before: before, after: try await snapshot(u, on: db))
        }
        return req.redirect(to: .user(u.id), flash: Flash(.success, String(format: UsersText.updated, u.username)))
    }
}

enum UsersText {
    static let title = "Tài khoản người dùng"
    static let new = "Tạo tài khoản"
    static let edit = "Sửa tài khoản"
    static let username = "Tên đăng nhập"
    static let usernameHint = "3–40 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới."
    static let usernameTaken = "Tên đăng nhập đã có người dùng."
    static let displayName = "Họ tên hiển thị"
    static let initialPassword = "Mật khẩu ban đầu"
    static let roles = "Vai trò"
    static let rolesHint = "Một người có thể giữ nhiều vai trò."
    static let needRole = "Chọn ít nhất một vai trò."
    static let unit = "Đơn vị (với đầu mối đơn vị)"
    static let unitHint = "Đầu mối đơn vị chỉ xem và sửa dữ liệu của đơn vị này."
    static let noUnit = "— Không —"
    static let person = "Cá nhân trong danh bạ"
    static let noPerson = "— Không —"
    static let focalNeedsUnit = "Đầu mối đơn vị phải gắn với một đơn vị."
    static let cannotDropOwnAdmin = "Bạn không thể tự bỏ vai trò quản trị của mình."
    static let cannotDeactivateSelf = "Bạn không thể tự khóa tài khoản của mình."
    static let created = "Đã tạo tài khoản %@."
    static let updated = "Đã lưu tài khoản %@."
    static let resetTitle = "Đặt lại mật khẩu"
    static let resetHint = "Người dùng sẽ bị đăng xuất khỏi mọi thiết bị; hãy báo mật khẩu mới cho họ và đề nghị đổi ngay."
    static let newPassword = "Mật khẩu mới"
    static let resetSubmit = "Đặt lại mật khẩu"
    static let resetDone = "Đã đặt lại mật khẩu của %@."
    static let resetFailed = "Chưa đặt lại mật khẩu:"
    static let lock = "Khóa tài khoản"
    static let unlock = "Mở khóa tài khoản"
    static let confirmLock = "Khóa tài khoản này? Người dùng sẽ không đăng nhập được nữa."
    static let colUnit = "Đơn vị"
}

enum UserListView {
    struct Model: Sendable {
        let frame: PageFrame
        let rows: [UsersController.UserRow]
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, .group(
            .div(.class("toolbar"), .div(.class("actions"), .link(.userNew, UsersText.new, class: "btn btn-primary"))),
            Components.table(headers: [UsersText.username, UsersText.displayName, UsersText.roles, UsersText.colUnit, DirectoryText.status],
                             rows: m.rows.map { r in
                                 [.link(.user(r.id), r.username), .safe(r.displayName), .group(r.roles.map { .span(.class("badge"), .safe($0.label)) }),
                                  .safe(r.unitName ?? ""), Components.activeBadge(r.isActive)]
                             }, rowClasses: m.rows.map { $0.isActive ? nil : "inactive" })
        ))
    }
}

enum UserEditView {
    struct Model: Sendable {
        let frame: PageFrame
        let userID: UUID
        let username: String
        let isActive: Bool
        let state: FormState
        let fields: [FieldSpec]
        let csrf: String
        let isSelf: Bool
        /// The reset-password form (its error beside the field).
        var resetState = FormState()
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            .form(.method(.post), .action(SiteURL.user(m.userID).path), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf), FormKit.fields(m.fields, state: m.state), FormKit.actions(submit: CoreText.save, cancel: .users)),
            .section(.class("card"), .h2(.text(UsersText.resetTitle)), .p(.class("hint"), .text(UsersText.resetHint)),
                     .form(.method(.post), .action(SiteURL.userResetPassword(m.userID).path), .class("stacked"),
                           FormKit.csrf(m.csrf),
                           FormKit.text("password", label: UsersText.newPassword, state: m.resetState, type: "password", required: true,
                                        hint: LoginText.newPasswordHint, autocomplete: "new-password"),
                           FormKit.actions(submit: UsersText.resetSubmit))),
            m.isSelf ? .empty : (m.isActive
                ? FormKit.postButton(.userDeactivate(m.userID), label: UsersText.lock, csrf: m.csrf, style: "btn btn-danger", confirm: UsersText.confirmLock)
                : FormKit.postButton(.userReactivate(m.userID), label: UsersText.unlock, csrf: m.csrf))
        ))
    }
}
