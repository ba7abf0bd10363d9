package io.tiergate.admin;

import java.time.Instant;

/** What every console page shows around its content: who is signed in, where they are, what waits; when it was made. */
public record AdminPage(Viewer viewer, String section, long pendingCount, String notice, String csrfToken, Instant now) {

    /** The hidden form field that carries the CSRF token. */
    public String csrfField() {
        return CsrfCheck.FIELD;
    }

    public boolean hasNotice() {
        return notice != null && !notice.isBlank();
    }
}
