package io.tiergate.proxy.scan;

/**
 * JSON pointers as they may leave the request: to the policy, the caller's problem document or
 * the log. A key is itself caller text and may be the secret, so every segment that is not an
 * array index or a field name of the OpenAI API is shown as {@code *}.
 */
public final class Pointers {

    private Pointers() {
    }

    /** {@code pointer} with every segment that is neither a known API field nor an index replaced by {@code *}. */
    public static String safe(String pointer) {
        if (pointer.isEmpty()) {
            return pointer;
        }
        StringBuilder out = new StringBuilder(pointer.length());
        int at = 1;
        while (at <= pointer.length()) {
            int next = pointer.indexOf('/', at);
            if (next < 0) {
                next = pointer.length();
            }
            String segment = pointer.substring(at, next);
            out.append('/').append(isIndex(segment) || EnumeratedFields.isApiField(segment) ? segment : "*");
            at = next + 1;
        }
        return out.toString();
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
