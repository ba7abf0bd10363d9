package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.access.AccessOverview;
import io.tiergate.audit.rest.AuditResource;
import io.tiergate.audit.rollup.AuditOverview;
import io.tiergate.gate.Enforcer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The overview: what the gateway decided over the last day and week, why it denied, what it found,
 * and what waits for the privacy team. Read from the audit rollups (kept by
 * {@link io.tiergate.audit.rollup.AuditRollup}), so it costs the same on ten rows or ten million;
 * opening it is an {@code audit.read} decision like the audit page.
 */
@Path(AdminPaths.ROOT + "/overview")
@RolesAllowed({"privacy-approver", "auditor"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class OverviewPages {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("EEE HH:00").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM").withZone(ZoneOffset.UTC);
    private static final int FINDING_TYPES = 6;
    private static final String[] TYPE_CSS = {"s1", "s2", "s3", "s4", "s5", "s6", "s7"};

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(AdminPage page, Instant rolledUpTo, long decisions24h, long denied24h, long redacted24h,
                List<Charts.Chart> charts, List<AccessOverview.Expiring> expiring);
    }

    @Inject Console console;
    @Inject Enforcer enforcer;
    @Inject AuditOverview audit;
    @Inject AccessOverview access;
    @Inject Clock clock;

    @GET
    public TemplateInstance overview() {
        enforcer.authorize(console.identity(), AuditResource.READ, console.meta());
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        List<AuditOverview.Hour> week = audit.hours(end.minus(Duration.ofDays(7)), end);
        List<AuditOverview.Hour> day = week.subList(week.size() - 24, week.size());

        List<Charts.Chart> charts = new ArrayList<>();
        charts.add(decisions("day", "Decisions per hour, last 24 hours", day, HOUR, 3));
        charts.add(decisions("week", "Decisions per hour, last 7 days", week, DAY_HOUR, 24));
        List<AuditOverview.ReasonCount> reasons = audit.topDenialReasons(end.minus(Duration.ofDays(7)), end, 8);
        charts.add(Charts.bars("reasons", "Top denial reasons, last 7 days",
                reasons.isEmpty() ? "No denials in the last 7 days." : "The reason codes given most often for denials; the first is "
                        + reasons.get(0).reason() + " with " + reasons.get(0).denials() + ".", "Reason code",
                reasons.stream().map(AuditOverview.ReasonCount::reason).toList(),
                reasons.stream().map(AuditOverview.ReasonCount::denials).toList(), "denied", "denials"));
        charts.add(findings(now));
        charts.add(pending(now));
        List<AccessOverview.Expiring> expiring = access.expiring(now, now.plus(Duration.ofDays(7)));
        charts.add(expiringPerDay(now, expiring));

        long decisions = day.stream().mapToLong(AuditOverview.Hour::total).sum();
        long denied = day.stream().mapToLong(AuditOverview.Hour::denied).sum();
        long redacted = day.stream().mapToLong(AuditOverview.Hour::redacted).sum();
        return Templates.overview(console.page("overview", null), audit.rolledUpTo(), decisions, denied, redacted, charts, expiring);
    }

    private static Charts.Chart decisions(String id, String title, List<AuditOverview.Hour> hours, DateTimeFormatter label, int labelEvery) {
        List<String> categories = hours.stream().map(h -> label.format(h.start())).toList();
        long allowed = hours.stream().mapToLong(AuditOverview.Hour::allowed).sum();
        long redacted = hours.stream().mapToLong(AuditOverview.Hour::redacted).sum();
        long denied = hours.stream().mapToLong(AuditOverview.Hour::denied).sum();
        String summary = "Hourly decisions (UTC): " + allowed + " allowed, " + redacted + " allowed with redaction, " + denied + " denied in all.";
        return Charts.stacked(id, title, summary, "Hour (UTC)", categories, labelEvery, List.of(
                new Charts.Series("allowed", "allowed", hours.stream().mapToLong(AuditOverview.Hour::allowed).toArray()),
                new Charts.Series("redacted", "redacted", hours.stream().mapToLong(AuditOverview.Hour::redacted).toArray()),
                new Charts.Series("denied", "denied", hours.stream().mapToLong(AuditOverview.Hour::denied).toArray())));
    }

    private Charts.Chart findings(Instant now) {
        int days = 7;
        List<AuditOverview.FindingSeries> all = audit.findingsPerDay(now, days);
        List<Charts.Series> series = new ArrayList<>();
        long[] other = new long[days];
        for (int i = 0; i < all.size(); i++) {
            if (i < FINDING_TYPES) {
                series.add(new Charts.Series(all.get(i).type(), TYPE_CSS[i], all.get(i).perDay()));
            } else {
                for (int d = 0; d < days; d++) {
                    other[d] += all.get(i).perDay()[d];
                }
            }
        }
        if (all.size() > FINDING_TYPES) {
            series.add(new Charts.Series("other types", TYPE_CSS[FINDING_TYPES], other));
        }
        Instant firstDay = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
        List<String> categories = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            categories.add(DAY.format(firstDay.plus(Duration.ofDays(d))));
        }
        String summary = all.isEmpty() ? "No findings in the last 7 days."
                : "Findings per day (UTC) by type; the most frequent type is " + all.get(0).type() + " with " + all.get(0).total() + ".";
        return Charts.stacked("findings", "Findings by type, per day, last 7 days", summary, "Day (UTC)", categories, 1, series);
    }

    private Charts.Chart pending(Instant now) {
        long[] counts = access.pendingByAge(now);
        List<String> bands = List.of("under 1 hour", "1 to 4 hours", "4 to 24 hours", "1 to 3 days", "over 3 days");
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        List<Long> values = new ArrayList<>();
        for (long c : counts) {
            values.add(c);
        }
        return Charts.bars("pending", "Pending requests by age", total + " access request" + (total == 1 ? "" : "s")
                + " wait for a decision" + (counts[counts.length - 1] > 0 ? ", " + counts[counts.length - 1] + " for over 3 days." : "."),
                "Waiting for", bands, values, "pending", "requests");
    }

    private static Charts.Chart expiringPerDay(Instant now, List<AccessOverview.Expiring> expiring) {
        long[] perDay = new long[7];
        for (AccessOverview.Expiring e : expiring) {
            int d = (int) Math.min(6, Duration.between(now, e.expiresAt()).toDays());
            perDay[d]++;
        }
        List<String> days = List.of("within 24 hours", "in 1 to 2 days", "in 2 to 3 days", "in 3 to 4 days", "in 4 to 5 days",
                "in 5 to 6 days", "in 6 to 7 days");
        List<Long> values = new ArrayList<>();
        for (long c : perDay) {
            values.add(c);
        }
        return Charts.bars("expiring", "Grants expiring this week", expiring.size() + " active grant" + (expiring.size() == 1 ? "" : "s")
                + " expire in the next 7 days, " + perDay[0] + " within 24 hours.", "Expires", days, values, "expiring", "grants");
    }
}
