package io.tiergate.admin;

/** What every console page shows around its content: who is signed in, where they are, what waits. */
public record AdminPage(Viewer viewer, String section, long pendingCount, String notice, String csrfToken) {

    /** The hidden form field that carries the CSRF token. */
    public String csrfField() {
        return CsrfCheck.FIELD;
    }

    public boolean hasNotice() {
        return notice != null && !notice.isBlank();
    }
}
