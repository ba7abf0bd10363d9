package io.tiergate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Limits small enough to reach in a test: 2 s deadlines for a client's request head, body and
 * kept-alive wait, three calls in progress plus one waiting per caller, two calls in progress shared
 * by all callers before each is held to its equal part, a refusal for a full queue after 600 ms, and 20 s for a slow upstream
 * (a test holds a call in progress that long). Shared by the tests of slow and greedy clients, so
 * that they run in one start of the gateway.
 */
public class TightLimits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tiergate.http.header-timeout", "2s", "tiergate.http.keep-alive-timeout", "2s",
                "tiergate.http.body-timeout", "2s",
                "tiergate.callers.concurrency", "3", "tiergate.callers.queue", "1", "tiergate.callers.queue-timeout", "20s",
                "tiergate.callers.shared-capacity", "2", "tiergate.callers.refusal-delay", "600ms",
                "tiergate.proxy.idle-timeout", "20s");
    }
}
