package org.bcpki.authority;

/** A refusal the API reports as {@code {"error": code, "message": ...}} with an HTTP status. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthenticated", message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    static ApiException policy(String message) {
        return new ApiException(422, "policy_refused", message);
    }
}
