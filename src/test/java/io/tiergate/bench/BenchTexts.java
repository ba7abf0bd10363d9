package io.tiergate.bench;

/** The texts the classifier benchmarks read: varied English prose, and the same prose dense with findings. */
public final class BenchTexts {

    /** Engineering prose as developers write prompts: names of things, a few numbers, no personal data. */
    static final String PROSE = """
            The release train leaves every second Tuesday. Feature flags guard anything unfinished, and the on-call \
            engineer signs off the changelog before the tag is cut. When a build fails on the main branch, the author \
            of the last change looks first; if nobody answers within 30 minutes, the incident commander reverts it. \
            We keep pull requests small: under 400 lines, one concern each, with a description that explains why the \
            change is needed rather than what it does. Reviews happen within one working day. The platform team owns \
            the deployment pipeline, the observability stack and the shared Kubernetes clusters in three regions. \
            Summarise the following design note in three bullets, and list the open questions at the end. \
            The cache sits in front of the catalogue service and holds entries for five minutes; invalidation \
            happens on write through the event bus. Latency at the 99th percentile went from 180 to 95 milliseconds \
            after the change, while the error rate stayed flat. Could you suggest how to test the eviction policy \
            under load, and whether a second tier of cache would pay for itself? Please answer in plain English. \
            Our retrospective found three causes: a missing timeout on the payment client, retries without jitter, \
            and an alert that paged the wrong rotation. Each has an owner and a date. Write the summary for the \
            weekly engineering update, friendly but precise, and keep it under two hundred words.
            """;

    /** Findings to sprinkle into prose: one of each kind, as they appear in real prompts. */
    static final String[] FINDINGS = {
        "Contact jane.doe@example.com about it.", "Call +44 20 7946 0958 tomorrow.", "Card 4111 1111 1111 1111 was charged.",
        "Refund to DE89 3704 0044 0532 0130 00 please.", "Her SSN is 123-45-6789.", "NI number AB 12 34 56 C.",
        "Requests came from 203.0.113.42 and 8.8.8.8.", "Ask John Smith in support.", "Ship to 221 Baker Street, London NW1 6XE.",
        "key AKIAIOSFODNN7EXAMPLE leaked.", "token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 in the log.",
        "DATABASE_URL=postgres://app:S3cr3t-Pa55@db.internal/app", "api_key = \"a8F3kL9mQ2xV7pR4tY6u\"",
    };

    private BenchTexts() {
    }

    /** {@code size} characters of clean prose. */
    public static String prose(int size) {
        StringBuilder text = new StringBuilder(size + PROSE.length());
        while (text.length() < size) {
            text.append(PROSE);
        }
        return text.substring(0, size);
    }

    /** {@code size} characters of prose with a finding after every sentence or two (about one per 150 characters). */
    public static String dense(int size) {
        String[] sentences = PROSE.split("(?<=[.?]) ");
        StringBuilder text = new StringBuilder(size + 200);
        for (int i = 0; text.length() < size; i++) {
            text.append(sentences[i % sentences.length]).append(' ');
            text.append(FINDINGS[i % FINDINGS.length]).append(' ');
        }
        return text.substring(0, size);
    }
}
