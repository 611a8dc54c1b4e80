import Foundation
import Vapor

/// The errors a handler throws on purpose. The error middleware turns them into a Vietnamese
/// HTML page or the API's JSON error body.
enum AppError: Error, Sendable {
    case unauthenticated
    case forbidden
    case notFound
    case badRequest(String)
    /// Invalid input: a message per field (field name → Vietnamese message).
    case validation(fields: [String: String], message: String = CoreText.error422)
    case conflict(String)
    case csrf
    case methodNotAllowed(allowed: [HTTPMethod])
    case unsupportedMediaType
    case tooManyRequests(String)
    /// A body over its route's cap, refused as soon as the cap is passed.
    case payloadTooLarge
    /// A form with more fields than ``FormFieldLimit`` allows, refused before it is parsed.
    case tooManyFields

    var status: HTTPResponseStatus {
        switch self {
        case .unauthenticated: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .validation: .unprocessableEntity
        case .conflict: .conflict
        case .methodNotAllowed: .methodNotAllowed
        case .unsupportedMediaType: .unsupportedMediaType
        case .tooManyRequests: .tooManyRequests
        case .payloadTooLarge, .tooManyFields: .payloadTooLarge
        }
    }

    /// Stable machine-readable code for the API.
    var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .csrf: "csrf_failed"
        case .notFound: "not_found"
        case .badRequest: "bad_request"
        case .validation: "validation_failed"
        case .conflict: "conflict"
        case .methodNotAllowed: "method_not_allowed"
        case .unsupportedMediaType: "unsupported_media_type"
        case .tooManyRequests: "too_many_requests"
        case .payloadTooLarge: "payload_too_large"
        case .tooManyFields: "too_many_fields"
        }
    }

    var message: String {
        switch self {
        case .unauthenticated: CoreText.error401
        case .forbidden: CoreText.error403
        case .csrf: CoreText.csrfFailed
        case .notFound: CoreText.error404
        case .badRequest(let m), .conflict(let m), .tooManyRequests(let m): m
        case .validation(_, let m): m
        case .methodNotAllowed: CoreText.error405
        case .unsupportedMediaType: CoreText.error415
        case .payloadTooLarge: ErrorText.tooLarge
        case .tooManyFields: ErrorText.tooManyFields
        }
    }

    var fields: [String: String] {
        if case .validation(let fields, _) = self { return fields }
        return [:]
    }
}
