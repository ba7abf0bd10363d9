package io.tiergate.admin;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.access.AccessService;
import io.tiergate.http.RequestMeta;
import io.tiergate.identity.SubjectResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/** What the console's pages share: the signed-in viewer, the page frame, times and durations as people read them. */
@RequestScoped
public class Console {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final SecurityIdentity identity;
    private final SubjectResolver subjects;
    private final AccessService access;
    private final RoutingContext rc;
    private final Clock clock;

    public Console(SecurityIdentity identity, SubjectResolver subjects, AccessService access, RoutingContext rc, Clock clock) {
        this.identity = identity;
        this.subjects = subjects;
        this.access = access;
        this.rc = rc;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public SecurityIdentity identity() {
        return identity;
    }

    public RequestMeta meta() {
        return RequestMeta.of(rc);
    }

    public Viewer viewer() {
        return Viewer.of(identity, subjects);
    }

    public AdminPage page(String section, String notice) {
        return new AdminPage(viewer(), section, access.pendingCount(), notice, CsrfCheck.token(rc));
    }

    /** An instant as the console shows it: minutes, UTC. */
    public static String time(Instant instant) {
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

    /** How long ago, coarsely: "5 minutes", "3 hours", "2 days". */
    public static String age(Instant since, Instant now) {
        return human(Duration.between(since, now));
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
