package io.tiergate.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditLog;
import io.tiergate.policy.AuditActions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Posts notices to the configured webhook as Slack-compatible JSON ({@code {"text": ...}}), once
 * the transaction that caused them has committed. Never blocks the workflow: sending and retrying
 * (Mutiny's exponential backoff) happen off the caller's thread; a notice given up after the last try is
 * itself recorded in the audit log.
 */
@Singleton
public class WebhookNotifier {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);

    private final NotifyConfig config;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicLong delivered = new AtomicLong();

    public WebhookNotifier(NotifyConfig config, AuditLog audit, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    /** Sends the notice once its transaction has committed (nothing is sent for a rolled-back change). */
    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Notice notice) {
        send(notice);
    }

    /** Sends a notice outside any transaction (e.g. an upcoming expiry found by a sweep). */
    public void send(Notice notice) {
        config.webhookUrl().ifPresent(url -> deliver(url, notice));
    }

    /** Notices delivered since start (for tests and logs). */
    public long delivered() {
        return delivered.get();
    }

    /**
     * One delivery: up to {@code maxAttempts} tries, spaced by Mutiny's exponential backoff
     * (doubling from {@code initialBackoff}, capped at {@code maxBackoff}, no jitter so the spacing
     * is what the configuration says), on Mutiny's executor, never on the caller's thread.
     */
    private void deliver(URI url, Notice notice) {
        AtomicInteger attempts = new AtomicInteger();
        Uni.createFrom().completionStage(() -> {
                    attempts.incrementAndGet();
                    return http.sendAsync(request(url, notice), HttpResponse.BodyHandlers.discarding());
                })
                .onItem().transform(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new WebhookRefused("webhook_status_" + response.statusCode());
                    }
                    return response;
                })
                .onFailure().retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0)
                .atMost(Math.max(0, config.maxAttempts() - 1))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .subscribe().with(
                        response -> delivered.incrementAndGet(),
                        failure -> giveUp(notice, failure instanceof WebhookRefused refused ? refused.getMessage() : "webhook_unreachable",
                                attempts.get()));
    }

    private HttpRequest request(URI url, Notice notice) {
        return HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(notice)))
                .build();
    }

    /** A non-2xx answer: retried like an unreachable webhook, and named in the audit event when given up. */
    private static final class WebhookRefused extends RuntimeException {
        WebhookRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    private void giveUp(Notice notice, String failure, int attempts) {
        LOG.warnf("notification %s about %s given up after %d tries: %s", notice.event(), notice.targetId(), attempts, failure);
        audit.appendInBackground(AuditEvent.builder(AuditEvent.Kind.NOTIFICATION, AuditActions.NOTIFICATION_WEBHOOK)
                .at(clock.instant())
                .resource(notice.resourceKind(), notice.resourceName(), null)
                .outcome("failed")
                .reasons(List.of(failure))
                .target(notice.targetId())
                .details("event=" + notice.event() + "; attempts=" + attempts)
                .build());
    }

    private String body(Notice notice) {
        try {
            return mapper.writeValueAsString(Map.of("text", notice.text()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
