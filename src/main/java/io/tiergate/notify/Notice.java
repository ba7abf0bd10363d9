package io.tiergate.notify;

/**
 * Something the privacy team (or a requester) should hear about: a new request, a decision, a
 * revocation, an upcoming expiry. Ids, names and purposes only: never a justification or any content.
 */
public record Notice(String event, String targetId, String resourceKind, String resourceName, String subject,
        String actor, String text) {
}
