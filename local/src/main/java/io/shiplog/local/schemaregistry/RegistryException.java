package io.shiplog.local.schemaregistry;

/** A request the registry refuses, carrying Confluent's HTTP status and error code. */
final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    private RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    private RegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, String version) {
        return new RegistryException(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryException schemaNotFound(int id) {
        return new RegistryException(404, 40403, "Schema " + id + " not found");
    }

    static RegistryException schemaNotFoundInSubject(String subject) {
        return new RegistryException(404, 40403, "Schema not found under subject '" + subject + "'");
    }

    static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(404, 40404, "Subject '" + subject
                + "' was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(404, 40405, "Subject '" + subject
                + "' was not deleted first before being permanently deleted");
    }

    static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(404, 40406, "Subject '" + subject + "' Version " + version
                + " was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(404, 40407, "Subject '" + subject + "' Version " + version
                + " was not deleted first before being permanently deleted");
    }

    static RegistryException compatibilityNotConfigured(String subject) {
        return new RegistryException(404, 40408, "Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    static RegistryException invalidSchema(String detail, Throwable cause) {
        return new RegistryException(422, 42201, "Invalid schema: " + detail, cause);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(422, 42203, "Invalid compatibility level '" + level
                + "'. Valid values are none, backward, forward, full, backward_transitive, forward_transitive,"
                + " and full_transitive");
    }

    static RegistryException incompatible(String message) {
        return new RegistryException(409, 409, message);
    }

    static RegistryException unprocessable(String message) {
        return new RegistryException(422, 422, message);
    }

    static RegistryException badRequest(String message, Throwable cause) {
        return new RegistryException(400, 400, message, cause);
    }

    static RegistryException unauthorized() {
        return new RegistryException(401, 401, "Unauthorized: this registry requires HTTP basic authentication");
    }

    static RegistryException notFound(String path) {
        return new RegistryException(404, 404, "HTTP 404 Not Found: no endpoint at " + path);
    }

    static RegistryException methodNotAllowed(String method, String path) {
        return new RegistryException(405, 405, "HTTP 405 Method Not Allowed: " + method + " " + path);
    }

    static RegistryException unsupportedMediaType(String contentType) {
        return new RegistryException(415, 415, "HTTP 415 Unsupported Media Type: '" + contentType
                + "'; send application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json"
                + " or application/json");
    }

    static RegistryException storeError(String message, Throwable cause) {
        return new RegistryException(500, 50001, "Error in the backend data store: " + message, cause);
    }

    static RegistryException storeTimeout(String message) {
        return new RegistryException(500, 50002, "Operation timed out: " + message);
    }
}
