package dev.chorus.server.internal;

import dev.chorus.server.ApiError;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The JSON error shape for what Jetty refuses before the API sees it (a request line or headers over its limits,
 * a request it cannot parse), instead of Jetty's HTML page. Never carries the cause: only the status's meaning.
 */
public final class JettyErrorAnswers extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        var error = answer(code);
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error.code());
        body.put("message", error.getMessage());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Jackson3Mapper.MAPPER.writeValueAsBytes(body)), callback);
    }

    static ApiError answer(int code) {
        return switch (code) {
            case 414 -> new ApiError(414, "uri-too-long", "the request's URL is longer than the server takes "
                    + "(8 KiB): check it; no id the API takes is nearly that long");
            case 431 -> new ApiError(431, "headers-too-large", "the request's headers are larger than the server "
                    + "takes (8 KiB): send fewer or shorter ones");
            case 413 -> new ApiError(413, "body-too-large", "the request is larger than the server takes: send less");
            default -> code >= 400 && code < 500
                    ? new ApiError(code, "bad-request", "the server could not read this HTTP request; check its URL "
                    + "encoding and headers")
                    : new ApiError(code >= 500 && code <= 599 ? code : 500, "internal-error",
                    "the server failed on this request; try again later");
        };
    }
}
