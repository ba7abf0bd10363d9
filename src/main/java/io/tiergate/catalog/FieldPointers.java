package io.tiergate.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JSON pointers (RFC 6901) into a dataset's payload, with {@code *} standing for any array
 * element or object member: {@code /records/*&#47;email}. Compiled once; matched against the path
 * of every value a walker visits.
 */
public final class FieldPointers {

    private static final Pattern SYNTAX = Pattern.compile("(/([^~/]|~[01])*)+");

    private final List<String[]> patterns;
    private final List<String> pointers;

    private FieldPointers(List<String> pointers) {
        this.pointers = List.copyOf(pointers);
        this.patterns = new ArrayList<>(pointers.size());
        for (String pointer : pointers) {
            patterns.add(segments(pointer));
        }
    }

    /** The pointers, compiled. */
    public static FieldPointers of(List<String> pointers) {
        return new FieldPointers(pointers);
    }

    /** A checked pointer declaration for dataset {@code dataset}; a malformed one stops the boot. */
    static String checked(String dataset, String pointer) {
        if (!SYNTAX.matcher(pointer).matches()) {
            throw new IllegalStateException("tiergate.catalog.datasets.\"" + dataset + "\".fields.\"" + pointer
                    + "\" is not a JSON pointer: write it like /records/*/email ('*' for every element)");
        }
        return pointer;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public List<String> pointers() {
        return pointers;
    }

    /** The declared pointer that matches the value at {@code path} (segments, unescaped), or null. */
    public String match(List<String> path) {
        for (int p = 0; p < patterns.size(); p++) {
            String[] pattern = patterns.get(p);
            if (pattern.length != path.size()) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < pattern.length && matches; i++) {
                matches = "*".equals(pattern[i]) || pattern[i].equals(path.get(i));
            }
            if (matches) {
                return pointers.get(p);
            }
        }
        return null;
    }

    /** The pointer of {@code path}, with every array index written as {@code *} (where a finding sits, for the audit log). */
    public static String generalized(List<String> path, List<Boolean> isIndex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            out.append('/').append(isIndex.get(i) ? "*" : path.get(i).replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    private static String[] segments(String pointer) {
        String[] raw = pointer.substring(1).split("/", -1);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = raw[i].replace("~1", "/").replace("~0", "~");
        }
        return raw;
    }
}
