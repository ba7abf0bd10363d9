package io.tiergate.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * An RFC 9457 problem document: the one error shape of every Tiergate response.
 * {@code code} is the stable, machine-readable identifier; {@code type} is the same as a URN.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        @JsonProperty("request_id") String requestId,
        @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemException e, String requestId) {
        return new Problem(typeOf(e.code()), e.title(), e.status(), e.detail(), e.code(), requestId, e.extensions());
    }

    static String typeOf(String code) {
        return "urn:tiergate:problem:" + code.replace('_', '-');
    }
}
