package io.tiergate.access;

/** Where an access request stands: {@code PENDING → APPROVED | DENIED | WITHDRAWN | EXPIRED}. */
public enum RequestState {
    PENDING,
    APPROVED,
    DENIED,
    WITHDRAWN,
    EXPIRED
}
