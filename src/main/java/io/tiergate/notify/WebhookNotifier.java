package io.tiergate.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Posts notices to the configured webhook as Slack-compatible JSON ({@code {"text": ...}}), once
 * the transaction that caused them has committed. Never blocks the workflow: sending and retrying
 * (exponential backoff) happen on a scheduler thread; a notice given up after the last try is
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
    private final ScheduledExecutorService scheduler;
    private final AtomicLong delivered = new AtomicLong();

    public WebhookNotifier(NotifyConfig config, AuditLog audit, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiergate-webhook");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends the notice once its transaction has committed (nothing is sent for a rolled-back change). */
    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Notice notice) {
        send(notice);
    }

    /** Sends a notice outside any transaction (e.g. an upcoming expiry found by a sweep). */
    public void send(Notice notice) {
        config.webhookUrl().ifPresent(url -> scheduler.execute(() -> attempt(url, notice, 1, config.initialBackoff())));
    }

    /** Notices delivered since start (for tests and logs). */
    public long delivered() {
        return delivered.get();
    }

    private void attempt(URI url, Notice notice, int attempt, Duration backoff) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(notice)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                return;
            }
            String failure = error != null ? "webhook_unreachable" : "webhook_status_" + response.statusCode();
            if (attempt >= config.maxAttempts()) {
                giveUp(notice, failure, attempt);
                return;
            }
            try {
                scheduler.schedule(() -> attempt(url, notice, attempt + 1, min(backoff.multipliedBy(2), config.maxBackoff())),
                        backoff.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                giveUp(notice, failure, attempt);
            }
        });
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    void stop(@Observes ShutdownEvent event) {
        scheduler.shutdown();
    }
}
