package io.tiergate.policy.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.policy.Decision;
import io.tiergate.policy.DecisionReader;
import io.tiergate.policy.PolicyEngine;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.ReasonCodes;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Asks an OPA server (the sidecar in Kubernetes) over its REST Data API. Every failure (refused
 * connection, timeout, HTTP error, an answer that is not a decision) becomes a deny.
 */
public final class RemoteOpaEngine implements PolicyEngine {

    private static final Logger LOG = Logger.getLogger(RemoteOpaEngine.class);

    private final OpaDataClient client;
    private final String decisionPath;
    private final String revision;

    public RemoteOpaEngine(URI server, String decisionPath, Duration timeout) {
        this.client = new OpaDataClient(server, timeout);
        this.decisionPath = decisionPath;
        this.revision = "opa-server:" + server + "/v1/data/" + decisionPath;
    }

    @Override
    public Decision decide(PolicyInput input) {
        JsonNode answer;
        try {
            answer = client.evaluate(decisionPath, input);
        } catch (WebApplicationException e) {
            LOG.warnf("OPA answered HTTP %d for %s; denying", e.getResponse().getStatus(), decisionPath);
            return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
        } catch (RuntimeException e) {
            return failure(e);
        }
        if (answer == null || !answer.isObject()) {
            return Decision.deny(ReasonCodes.POLICY_RESULT_MALFORMED);
        }
        return DecisionReader.read(answer.get("result"));
    }

    private Decision failure(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                LOG.warnf("OPA did not answer in time; denying");
                return Decision.deny(ReasonCodes.POLICY_ENGINE_TIMEOUT);
            }
            if (cause instanceof ConnectException) {
                LOG.warnf("OPA is unreachable (%s); denying", cause.getMessage());
                return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
            }
            if (cause instanceof com.fasterxml.jackson.core.JacksonException) {
                return Decision.deny(ReasonCodes.POLICY_RESULT_MALFORMED);
            }
        }
        LOG.warn("OPA query failed; denying", e);
        return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public String revision() {
        return revision;
    }
}
