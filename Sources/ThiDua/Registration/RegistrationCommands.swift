import Fluent
import Foundation

/// The raw rows of the registration form (parallel arrays, one entry per table row).
struct RegistrationForm: Sendable, Codable {
    var focus: String?
    var plannedInitiatives: String?
    var targetId: [String]?
    var targetName: [String]?
    var targetUnit: [String]?
    var targetBaseline: [String]?
    var targetValue: [String]?
    var targetArea: [String]?
    var targetDue: [String]?
    var productId: [String]?
    var productName: [String]?
    var productDescription: [String]?
    var productDate: [String]?
    var version: Int?
    var action: String?
}

enum RegistrationValidation {
    /// Turns the form's rows into content; a blank row is dropped, a half-filled one is an error beside its cell.
    static func parse(_ f: RegistrationForm, areas: Set<UUID>) -> (RegistrationContent, [String: String]) {
        var errors: [String: String] = [:]
        func at(_ a: [String]?, _ i: Int) -> String { i < (a?.count ?? 0) ? a![i] : "" }
        let focus = Check.text(f.focus, "focus", max: TextLimit.long, required: false, into: &errors)
        let planned = Check.text(f.plannedInitiatives, "plannedInitiatives", max: TextLimit.long, required: false, into: &errors)
        var targets: [TargetLine] = []
        let rows = max(f.targetName?.count ?? 0, f.targetValue?.count ?? 0)
        for i in 0..<rows {
            let cells = [at(f.targetName, i), at(f.targetUnit, i), at(f.targetBaseline, i), at(f.targetValue, i), at(f.targetDue, i)]
            if cells.allSatisfy({ TextFolding.clean($0).isEmpty }) {
                // Kept as a placeholder so that rows and their errors stay aligned; dropped below when all is well.
                targets.append(TargetLine(id: nil, name: "", unitOfMeasure: "", baseline: nil, targetValue: .nan, contentAreaId: nil, dueDate: nil))
                continue
            }
            let name = Check.text(at(f.targetName, i), "targetName.\(i)", max: 300, required: true, into: &errors)
            let unit = Check.text(at(f.targetUnit, i), "targetUnit.\(i)", max: 40, required: false, into: &errors)
            let baseline = Check.number(at(f.targetBaseline, i), "targetBaseline.\(i)", .quantity, into: &errors)
            let value = Check.number(at(f.targetValue, i), "targetValue.\(i)", .quantity, required: true, into: &errors)
            let areaText = TextFolding.clean(at(f.targetArea, i))
            let area = UUID(uuidString: areaText)
            if !areaText.isEmpty && (area == nil || !areas.contains(area!)) { errors["targetArea.\(i)"] = RegistrationText.unknownArea }
            let due = Check.date(at(f.targetDue, i), "targetDue.\(i)", into: &errors)
            targets.append(TargetLine(id: Check.uuid(at(f.targetId, i)), name: name, unitOfMeasure: unit, baseline: baseline,
                                      targetValue: value ?? 0, contentAreaId: area, dueDate: due))
        }
        var products: [ProductLine] = []
        for i in 0..<(f.productName?.count ?? 0) {
            let cells = [at(f.productName, i), at(f.productDescription, i), at(f.productDate, i)]
            if cells.allSatisfy({ TextFolding.clean($0).isEmpty }) {
                products.append(ProductLine(id: nil, name: "", description: "", expectedDate: nil))
                continue
            }
            let name = Check.text(at(f.productName, i), "productName.\(i)", max: 300, required: true, into: &errors)
            let description = Check.text(at(f.productDescription, i), "productDescription.\(i)", max: TextLimit.long, required: false, multiline: false, into: &errors)
            let date = Check.date(at(f.productDate, i), "productDate.\(i)", into: &errors)
            products.append(ProductLine(id: Check.uuid(at(f.productId, i)), name: name, description: description, expectedDate: date))
        }
        if errors.isEmpty {
            targets.removeAll { $0.name.isEmpty && $0.targetValue.isNaN }
            products.removeAll { $0.name.isEmpty && $0.description.isEmpty && $0.expectedDate == nil }
        }
        return (RegistrationContent(focus: focus, plannedInitiatives: planned, targets: targets, products: products), errors)
    }

    /// The same content with every text trimmed and normalised (NFC), as the pages store it.
    static func cleaned(_ c: RegistrationContent) -> RegistrationContent {
        RegistrationContent(
            focus: TextFolding.clean(c.focus), plannedInitiatives: TextFolding.clean(c.plannedInitiatives),
            targets: c.targets.map { TargetLine(id: $0.id, name: TextFolding.clean($0.name), unitOfMeasure: TextFolding.clean($0.unitOfMeasure),
                                                baseline: $0.baseline, targetValue: $0.targetValue, contentAreaId: $0.contentAreaId, dueDate: $0.dueDate) },
            products: c.products.map { ProductLine(id: $0.id, name: TextFolding.clean($0.name), description: TextFolding.clean($0.description),
                                                   expectedDate: $0.expectedDate) })
    }

    /// Checks content that arrived already structured (the API).
    static func check(_ c: RegistrationContent, areas: Set<UUID>) -> [String: String] {
        var errors: [String: String] = [:]
        _ = Check.text(c.focus, "focus", max: TextLimit.long, required: false, into: &errors)
        _ = Check.text(c.plannedInitiatives, "plannedInitiatives", max: TextLimit.long, required: false, into: &errors)
        if c.targets.count > 100 { errors["targets"] = "Tối đa 100 chỉ tiêu." }
        for (i, t) in c.targets.enumerated() {
            _ = Check.text(t.name, "targets.\(i).name", max: 300, required: true, into: &errors)
            _ = Check.text(t.unitOfMeasure, "targets.\(i).unitOfMeasure", max: 40, required: false, into: &errors)
            Check.number(t.targetValue, "targets.\(i).targetValue", .quantity, into: &errors)
            Check.number(t.baseline, "targets.\(i).baseline", .quantity, into: &errors)
            if let a = t.contentAreaId, !areas.contains(a) { errors["targets.\(i).contentAreaId"] = RegistrationText.unknownArea }
            if let d = t.dueDate, LocalDate(iso: d) == nil { errors["targets.\(i).dueDate"] = CoreText.invalidDate }
        }
        if c.products.count > 100 { errors["products"] = "Tối đa 100 sản phẩm." }
        for (i, p) in c.products.enumerated() {
            _ = Check.text(p.name, "products.\(i).name", max: 300, required: true, into: &errors)
            _ = Check.text(p.description, "products.\(i).description", max: TextLimit.long, required: false, multiline: false, into: &errors)
            if let d = p.expectedDate, LocalDate(iso: d) == nil { errors["products.\(i).expectedDate"] = CoreText.invalidDate }
        }
        return errors
    }
}

/// Changes to registrations, each in one transaction with its audit row.
enum RegistrationCommands {
    /// Saves a draft (creating the registration on first save). Refused unless draft or returned.
    static func save(owner: PledgeOwner, year: Int, content: RegistrationContent, expectedVersion: Int?, communeID: UUID,
                     actor: AuditActor, on db: any Database) async throws -> Registration {
        try await db.writeTransaction { db in
            var registration = try await RegistrationQueries.find(on: db, communeID: communeID, owner: owner, year: year)
            let before = try await registration.asyncMap { try await RegistrationQueries.content(on: db, registrationID: $0.id!) } ?? nil
            if let r = registration {
                guard r.workflow.isEditable else { throw AppError.conflict(RegistrationText.notEditable) }
                if let expectedVersion, expectedVersion != r.version { throw AppError.conflict(CoreText.conflict) }
                try await OptimisticLock.bump(Registration.schema, id: r.id!, from: r.version, on: db)
                r.version += 1
            } else {
                let r = Registration()
                r.communeID = communeID; r.year = year; r.status = WorkflowStatus.draft.rawValue; r.returnReason = ""
                r.revision = 0; r.version = 1
                switch owner {
                case .unit(let id): r.unitID = id
                case .person(let id): r.personID = id
                }
                registration = r
            }
            let r = registration!
            r.focus = content.focus
            r.plannedInitiatives = content.plannedInitiatives
            try await r.save(on: db)
            try await replaceLines(r, content, on: db)
            let after = try await RegistrationQueries.content(on: db, registrationID: r.id!)
            try await AuditLog.record(on: db, actor, before == nil ? .create : .update, type: "registration", id: r.id,
                                      label: "Đăng ký thi đua \(year)", before: before, after: after)
            return r
        }
    }

    /// Keeps line ids stable (reports point at targets): update matching ids, insert new lines, delete the rest.
    static func replaceLines(_ r: Registration, _ c: RegistrationContent, on db: any Database) async throws {
        let existingTargets = try await RegistrationTarget.query(on: db).filter(\.$registrationID == r.id!).all()
        var keep = Set<UUID>()
        for (i, line) in c.targets.enumerated() {
            let t = existingTargets.first { $0.id != nil && $0.id == line.id } ?? RegistrationTarget()
            t.communeID = r.communeID; t.registrationID = r.id!; t.position = i + 1; t.name = line.name
            t.unitOfMeasure = line.unitOfMeasure; t.baseline = line.baseline; t.targetValue = line.targetValue
            t.contentAreaID = line.contentAreaId; t.dueDate = line.dueDate
            try await t.save(on: db)
            keep.insert(t.id!)
        }
        let removed = existingTargets.compactMap(\.id).filter { !keep.contains($0) }
        if !removed.isEmpty {
            try await ReportTargetResult.query(on: db).filter(\.$targetID ~~ removed).delete()
            try await RegistrationTarget.query(on: db).filter(\.$id ~~ removed).delete()
        }
        let existingProducts = try await RegistrationProduct.query(on: db).filter(\.$registrationID == r.id!).all()
        var keepProducts = Set<UUID>()
        for (i, line) in c.products.enumerated() {
            let p = existingProducts.first { $0.id != nil && $0.id == line.id } ?? RegistrationProduct()
            p.communeID = r.communeID; p.registrationID = r.id!; p.position = i + 1; p.name = line.name
            p.summary = line.description; p.expectedDate = line.expectedDate
            try await p.save(on: db)
            keepProducts.insert(p.id!)
        }
        let removedProducts = existingProducts.compactMap(\.id).filter { !keepProducts.contains($0) }
        if !removedProducts.isEmpty {
            try await ReportProductResult.query(on: db).filter(\.$productID ~~ removedProducts).delete()
            try await RegistrationProduct.query(on: db).filter(\.$id ~~ removedProducts).delete()
        }
    }

    /// Submits for review: the secretariat is told in the same write (inbox) and, once saved, by e-mail when configured.
    /// The page and the API both call this.
    static func submit(_ r: Registration, ownerName: String, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws {
        guard r.workflow.isEditable else { throw AppError.conflict(RegistrationText.notEditable) }
        guard let owner = r.owner else { throw AppError.notFound }
        let content = try await RegistrationQueries.content(on: db, registrationID: r.id!) ?? .empty
        var fields: [String: String] = [:]
        if content.focus.isEmpty { fields["focus"] = RegistrationText.needsFocus }
        if content.targets.isEmpty { fields["targets"] = RegistrationText.needsTarget }
        if !fields.isEmpty { throw AppError.validation(fields: fields, message: fields.values.sorted().joined(separator: " ")) }
        let notices = try await notifier?.reviewerNotices(communeID: r.communeID, title: RegistrationText.submittedNotice(ownerName, r.year),
                                                          link: SiteURL.registration(owner.kind, owner.id, year: r.year).path, on: db, at: actor.at) ?? []
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Registration.schema, id: r.id!, from: r.version, on: db)
            let before = r.status
            r.version += 1
            r.status = WorkflowStatus.submitted.rawValue
            r.submittedAt = actor.at
            r.revision += 1
            try await r.update(on: db)
            let revision = RegistrationRevision()
            revision.communeID = r.communeID; revision.registrationID = r.id!; revision.number = r.revision
            revision.submittedAt = actor.at; revision.submittedBy = actor.name
            revision.snapshotJSON = try AuditLog.encode(content)
            try await revision.create(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "registration", id: r.id, label: "Nộp đăng ký thi đua \(r.year) (lần \(r.revision))",
                                      before: ["status": before], after: ["status": r.status])
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
    }

    /// Accepts, or returns with a reason (required, at most ``TextLimit/long`` characters); the owner is told in the
    /// same write. The page and the API both call this.
    static func decide(_ r: Registration, accept: Bool, reason rawReason: String?, actor: AuditActor, notifier: (any Notifier)? = nil,
                       on db: any Database) async throws {
        guard r.workflow == .submitted else { throw AppError.conflict(RegistrationText.notSubmitted) }
        guard let owner = r.owner else { throw AppError.notFound }
        let reason = accept ? "" : try returnReason(rawReason)
        let notices = try await notifier?.ownerNotices(owner, communeID: r.communeID, title: RegistrationText.decidedNotice(r.year, accepted: accept, reason: reason),
                                                       link: SiteURL.registration(owner.kind, owner.id, year: r.year).path, on: db, at: actor.at) ?? []
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Registration.schema, id: r.id!, from: r.version, on: db)
            r.version += 1
            r.status = (accept ? WorkflowStatus.accepted : .returned).rawValue
            r.returnReason = accept ? "" : reason
            r.decidedAt = actor.at
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "registration", id: r.id,
                                      label: "\(accept ? "Chấp nhận" : "Trả lại") đăng ký thi đua \(r.year)",
                                      before: ["status": WorkflowStatus.submitted.rawValue], after: ["status": r.status, "returnReason": r.returnReason])
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
    }

    /// The reason of a return (registrations and reports): required, at most ``TextLimit/long`` characters, cleaned.
    static func returnReason(_ raw: String?) throws -> String {
        var errors: [String: String] = [:]
        let reason = Check.text(raw, "reason", max: TextLimit.long, required: true, into: &errors)
        if let problem = errors["reason"] {
            throw AppError.validation(fields: errors, message: RegistrationText.returnReason + ": " + problem)
        }
        return reason
    }
}
