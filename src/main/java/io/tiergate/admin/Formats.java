package io.tiergate.admin;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as the console's pages show them, callable from the templates ({@code {r.createdAt.utc}}). */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** An instant to the minute, UTC; empty for none. */
    public static String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    /** A duration in the largest whole unit that fits: "7 days", "36 hours", "45 minutes". */
    public static String human(Duration d) {
        if (d == null) {
            return "";
        }
        long seconds = Math.abs(d.toSeconds());
        if (seconds >= 86_400 && seconds % 86_400 == 0 || seconds >= 7 * 86_400) {
            return plural(Math.round(seconds / 86_400.0), "day");
        }
        if (seconds >= 3_600) {
            return plural(Math.round(seconds / 3_600.0), "hour");
        }
        return plural(Math.max(1, Math.round(seconds / 60.0)), "minute");
    }

    /** An ISO-8601 duration as {@link #human(Duration)} says it. */
    public static String humanDuration(String iso) {
        return iso == null ? "" : human(Duration.parse(iso));
    }

    /** How long since {@code then}, coarsely: "5 minutes", "3 hours", "2 days". */
    public static String since(Instant then, Instant now) {
        return human(Duration.between(then, now));
    }

    /** How long from {@code now} until {@code later}, coarsely. */
    public static String until(Instant later, Instant now) {
        return human(Duration.between(now, later));
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
