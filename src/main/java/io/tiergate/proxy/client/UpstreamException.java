package io.tiergate.proxy.client;

import io.tiergate.http.ProblemException;
import java.util.Map;

/** An upstream did not answer usefully: 502 when it could not be reached, 504 when it was too slow. */
public class UpstreamException extends ProblemException {

    private UpstreamException(int status, String code, String title, String detail, String upstream) {
        super(status, code, title, detail, Map.of("upstream", upstream));
    }

    public static UpstreamException unavailable(String upstream) {
        return new UpstreamException(502, "upstream_unavailable", "Upstream unavailable",
                "The upstream '" + upstream + "' could not be reached. Retry later.", upstream);
    }

    public static UpstreamException timeout(String upstream) {
        return new UpstreamException(504, "upstream_timeout", "Upstream timeout",
                "The upstream '" + upstream + "' did not answer in time. Retry later.", upstream);
    }
}
