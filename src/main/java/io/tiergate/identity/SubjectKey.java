package io.tiergate.identity;

/**
 * The stable key of a subject: the token's issuer and its {@code sub} claim, as {@code issuer#sub}
 * (the form Kubernetes uses for OIDC users). A {@code sub} never changes nor moves to another
 * person within one issuer, where a username may be renamed or reused. Usernames are display names
 * only; a stored id without the {@code #} is a username from before the re-key
 * ({@code scripts/rekey-subjects.sh}) and never matches a caller.
 */
public final class SubjectKey {

    private static final char SEPARATOR = '#';

    private SubjectKey() {
    }

    /** The key of {@code sub} at {@code issuer}. */
    public static String of(String issuer, String sub) {
        if (issuer == null || issuer.isBlank() || sub == null || sub.isBlank()) {
            throw new IllegalArgumentException("a subject key needs an issuer and a sub");
        }
        return issuer + SEPARATOR + sub;
    }

    /** Whether a stored subject id is a key (and not a username left from before the re-key). */
    public static boolean isKey(String id) {
        return id != null && id.indexOf(SEPARATOR) > 0;
    }
}
