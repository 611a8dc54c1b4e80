import FluentKit
import Foundation
import Plot
import Vapor

/// Turns every error into a response a person can read: a Vietnamese HTML page for the web, the JSON error
/// body `{"error": {"code", "message", "fields"}}` for the API. Nothing escapes as a bare 500 without a log line.
struct AppErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            let response = try await next.respond(to: request)
            if response.status == .unprocessableEntity && !request.isAPI, let page = response.body.buffer {
                // A form page drawn again with its messages: the fields it refuses are in its markup.
                Self.logRefusal(request, fields: FormKit.refusedFields(inPage: page))
            }
            return response
        } catch {
            let appError = Self.classify(error, request: request)
            if case .validation(let fields, _)? = appError, !request.isAPI { Self.logRefusal(request, fields: fields.keys.sorted()) }
            return Self.response(for: appError, request: request, original: error)
        }
    }

    /// Every 422 of a page, in one line at `.info`: the path and the keys of the refused fields, never what was typed
    /// (a person's data stays out of the logs). An outside check that gets a 422 finds here which field refused it.
    static func logRefusal(_ request: Request, fields: [String]) {
        request.logger.info("form refused", metadata: [
            "path": .string(request.url.path),
            "fields": .array(fields.map { .string($0) }),
        ])
    }

    /// Maps any error to an ``AppError`` (or nil for an unexpected one, which becomes a 500).
    static func classify(_ error: any Error, request: Request) -> AppError? {
        switch error {
        case let appError as AppError:
            return appError
        case let database as any DatabaseError where database.isConstraintFailure:
            // Two requests recorded the same thing at once (a unique key), or a row went away meanwhile: the database
            // refused the second write and nothing was changed by it.
            return .conflict(CoreText.conflictDuplicate)
        case let decoding as DecodingError:
            return .validation(fields: fields(of: decoding), message: CoreText.invalidJSON)
        case let abort as any AbortError:
            switch abort.status {
            case .notFound:
                if request.route == nil {
                    let allowed = allowedMethods(for: request)
                    if !allowed.isEmpty { return .methodNotAllowed(allowed: allowed) }
                }
                return .notFound
            case .unauthorized: return .unauthenticated
            case .forbidden: return .forbidden
            case .unsupportedMediaType: return .unsupportedMediaType
            case .unprocessableEntity: return .validation(fields: [:], message: CoreText.error422)
            case .payloadTooLarge: return .payloadTooLarge
            case .badRequest:
                // Vapor reports unreadable bodies as 400; for the API that is invalid input (422).
                return request.isAPI ? .validation(fields: [:], message: CoreText.invalidJSON) : .badRequest(CoreText.errorBadRequest)
            case .methodNotAllowed: return .methodNotAllowed(allowed: allowedMethods(for: request))
            default:
                return abort.status.code < 500 ? .badRequest(CoreText.errorBadRequest) : nil
            }
        default:
            return nil
        }
    }

    static func response(for appError: AppError?, request: Request, original: any Error) -> Response {
        let status = appError?.status ?? .internalServerError
        if appError == nil {
            request.logger.report(error: original)
        }
        let response: Response
        if request.isAPI {
            let body = APIErrorBody(error: .init(code: appError?.code ?? "internal_error",
                                                 message: appError?.message ?? CoreText.error500,
                                                 fields: appError?.fields ?? [:],
                                                 requestId: request.requestID))
            response = (try? APIJSON.response(body, status: status)) ?? Response(status: status)
            if status == .unauthorized {
                response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            }
        } else {
            response = Response.html(ErrorPage.render(status: status, message: appError?.message ?? CoreText.error500,
                                                      requestID: request.requestID,
                                                      frame: request.page(ErrorPage.title(for: status))).render(),
                                     status: status)
        }
        if case .methodNotAllowed(let allowed)? = appError {
            response.headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", "))
        }
        return response
    }

    /// The methods registered for the request's path, when its own method is not one of them.
    static func allowedMethods(for request: Request) -> [HTTPMethod] {
        let parts = request.url.path.split(separator: "/").map(String.init)
        var methods: [HTTPMethod] = []
        for route in request.application.routes.all where matches(route.path, parts) {
            if !methods.contains(route.method) { methods.append(route.method) }
        }
        return methods.contains(request.method) ? [] : methods
    }

    private static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        var i = 0
        for component in pattern {
            switch component {
            case .catchall: return i < parts.count
            case .anything, .parameter:
                guard i < parts.count else { return false }
            case .constant(let value):
                guard i < parts.count, parts[i] == value else { return false }
            }
            i += 1
        }
        return i == parts.count
    }

    private static func fields(of error: DecodingError) -> [String: String] {
        func path(_ context: DecodingError.Context, extra: CodingKey? = nil) -> String {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            let joined = keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : joined
        }
        switch error {
        case .keyNotFound(let key, let context): return [path(context, extra: key): CoreText.required]
        case .valueNotFound(_, let context): return [path(context): CoreText.required]
        case .typeMismatch(let type, let context): return [path(context): ErrorText.wrongType(type)]
        case .dataCorrupted(let context): return [path(context): CoreText.invalidJSON]
        @unknown default: return ["body": CoreText.invalidJSON]
        }
    }
}

/// The API's error body.
struct APIErrorBody: Content {
    struct Detail: Content {
        let code: String
        let message: String
        let fields: [String: String]
        /// The request's id (`X-Request-Id`), to quote to support: it finds the request's log lines.
        let requestId: String
    }
    let error: Detail
}

enum ErrorText {
    static let tooLarge = "Dữ liệu gửi lên quá lớn."
    static var tooManyFields: String { "Biểu mẫu gửi lên có quá nhiều trường (tối đa \(NumberText.format(Double(FormFieldLimit.maxFields))) trường, mỗi tên tối đa \(NumberText.format(Double(FormFieldLimit.maxRepeats))) lần). Vui lòng chia nhỏ và gửi lại." }
    /// Shown on every error page with the request's id, for a person to quote to support.
    static func requestID(_ id: String) -> String { "Mã yêu cầu: \(id)" }
    static func wrongType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "Phải là chuỗi ký tự."
        case is Bool.Type: "Phải là true hoặc false."
        case is Int.Type, is Double.Type: "Phải là một số."
        default: "Sai kiểu dữ liệu."
        }
    }
}

/// The 401/403/404/405/500 pages.
enum ErrorPage {
    static func title(for status: HTTPResponseStatus) -> String {
        switch status {
        case .unauthorized: CoreText.error401Title
        case .forbidden: CoreText.error403Title
        case .notFound: CoreText.error404Title
        case .internalServerError: CoreText.error500Title
        default: "Lỗi \(status.code)"
        }
    }

    static func render(status: HTTPResponseStatus, message: String, requestID: String, frame: PageFrame) -> HTML {
        Layout.render(frame, .div(
            .class("error-page"),
            .p(.class("muted"), .text("Mã lỗi \(status.code)")),
            .p(.safe(message)),
            .p(.class("muted request-id"), .safe(ErrorText.requestID(requestID))),
            frame.user == nil ? .link(.login(), LoginText.title, class: "btn btn-primary")
                              : .link(.home, CoreText.backHome, class: "btn btn-primary")
        ))
    }
}
