package io.shiplog.local.schemaregistry;

/** What a handler answers: a status and either a value to write as JSON or a raw text body. */
record ApiResponse(int status, Object body, boolean raw) {

    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, false);
    }

    static ApiResponse rawText(String text) {
        return new ApiResponse(200, text, true);
    }
}
