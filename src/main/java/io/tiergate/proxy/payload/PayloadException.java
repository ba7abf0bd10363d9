package io.tiergate.proxy.payload;

import io.tiergate.http.ProblemException;
import java.util.Map;

/** An upstream payload the gateway cannot scan (malformed, a kind it cannot read, a value too long): never forwarded. */
public class PayloadException extends ProblemException {

    private PayloadException(String code, String detail, String upstream) {
        super(502, code, "Upstream payload refused", detail, Map.of("upstream", upstream));
    }

    /** The payload does not parse as what its Content-Type says. */
    public static PayloadException malformed(String upstream) {
        return new PayloadException("upstream_payload_malformed",
                "The upstream '" + upstream + "' sent a payload that does not parse as its Content-Type says; nothing unscanned is forwarded.",
                upstream);
    }

    /** The payload is longer than the gateway reads to scan it whole. */
    public static PayloadException tooLarge(String upstream, int maxBytes) {
        return new PayloadException("upstream_payload_too_large", "The upstream '" + upstream + "' sent an answer longer than "
                + maxBytes + " bytes, more than the gateway reads to scan it; nothing unscanned is forwarded.", upstream);
    }

    /** The payload is of a kind the gateway cannot scan (binary, compressed). */
    public static PayloadException unscannable(String upstream, String contentType) {
        return new PayloadException("upstream_payload_unscannable", "The upstream '" + upstream + "' sent '" + contentType
                + "', which the gateway cannot scan; only JSON, JSON lines and text are forwarded.", upstream);
    }
}
