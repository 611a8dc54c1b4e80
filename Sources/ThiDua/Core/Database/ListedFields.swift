import FluentKit
import Foundation

/// A model that names its database fields itself, so that Fluent does not find them by reflection for every row.
///
/// FluentKit's default `Fields.properties` walks the instance with `Mirror` each time it is read, and
/// `output(from:)` reads it, then casts each property to `AnyDatabaseProperty`, for every row of every query: the
/// profile of a list page put 15–21% of the server's CPU there (docs/performance.md). `properties`,
/// `input(to:)` and `output(from:)` are requirements of `Fields`, so a model that lists its fields here is read
/// and written through its list, with no reflection and no casts.
///
/// The rule: `listedFields` names every `@ID`, `@Field`, `@OptionalField` and `@Timestamp` of the model, in any
/// order. A field left out would be neither read nor saved, so debug builds (the test suite) compare the list with
/// what reflection finds, once per model type, and stop on the first difference. Models outside hot pages may keep
/// Fluent's default by not adopting the protocol.
protocol ListedFields: Fields {
    /// Every database property of this instance: `[$id, $communeID, $name, …]`.
    var listedFields: [any AnyDatabaseProperty] { get }
}

extension ListedFields {
    var properties: [any AnyProperty] {
        #if DEBUG
        ListedFieldsCheck.verify(self)
        #endif
        return listedFields
    }

    func output(from output: any DatabaseOutput) throws {
        #if DEBUG
        ListedFieldsCheck.verify(self)
        #endif
        for field in listedFields { try field.output(from: output) }
    }

    func input(to input: any DatabaseInput) {
        #if DEBUG
        ListedFieldsCheck.verify(self)
        #endif
        for field in listedFields { field.input(to: input) }
    }
}

#if DEBUG
/// Debug builds: the first time a model type is read or written, its list must hold exactly the database keys that
/// reflection finds on it.
enum ListedFieldsCheck {
    private static let checked = TypeIDSet()

    static func verify<M: ListedFields>(_ model: M) {
        let id = ObjectIdentifier(M.self)
        guard checked.insert(id) else { return }
        let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyDatabaseProperty }
        let expected = Set(reflected.flatMap { $0.keys.map(\.description) })
        let listed = model.listedFields.flatMap { $0.keys.map(\.description) }
        let problems = [
            expected.subtracting(listed).sorted().map { "missing \($0)" },
            Set(listed).subtracting(expected).sorted().map { "not a field \($0)" },
            listed.count != Set(listed).count ? ["listed twice"] : [],
        ].flatMap { $0 }
        precondition(problems.isEmpty, "\(M.self).listedFields: \(problems.joined(separator: ", "))")
    }
}

/// A set of type identifiers behind a lock (models are read on any event loop).
final class TypeIDSet: @unchecked Sendable {
    private var ids = Set<ObjectIdentifier>()
    private let lock = NSLock()
    /// True when `id` was not in the set yet.
    func insert(_ id: ObjectIdentifier) -> Bool { lock.withLock { ids.insert(id).inserted } }
}
#endif
