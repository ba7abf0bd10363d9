package io.tiergate.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where the privacy team hears about the access workflow: a Slack-compatible incoming webhook. */
@ConfigMapping(prefix = "tiergate.notify")
public interface NotifyConfig {

    /** Incoming-webhook URL that takes {@code {"text": ...}} (Slack, Mattermost, ...); none: no notifications. */
    Optional<URI> webhookUrl();

    /** Tries per notification before it is given up (and the failure audited). */
    @WithDefault("5")
    @Min(1)
    @Max(20)
    int maxAttempts();

    /** Wait before the first retry; doubled after each failure. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Longest wait between two tries. */
    @WithDefault("60s")
    Duration maxBackoff();

    /** Longest wait for the webhook's answer to one try. */
    @WithDefault("5s")
    Duration timeout();
}
