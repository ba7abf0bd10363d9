package io.tiergate.capture.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.capture.EvaluationReport;
import io.tiergate.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A route's evaluation report over its captures and their feedback; who sees how much of it is the policy's decision (report.read). */
@Path("/api/routes")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Captures", description = "Captured LLM calls: feedback")
public class ReportResource {

    @Inject EvaluationReport reports;
    @Inject SecurityIdentity identity;

    @GET
    @Path("{route}/report")
    @Operation(summary = "A route's evaluation report, per variant",
            description = "Calls, error rate (status outside 200-399), latency and time-to-first-token p50/p95, tokens in and out, "
                    + "and each feedback metric's n and mean with a 95 % interval (Student t for float metrics, Wilson score for "
                    + "boolean ones), tested against the baseline variant: Welch's two-sided t-test (float), the pooled "
                    + "two-proportion z-test (boolean), significant below p = 0.05. The privacy team and auditors read it "
                    + "whole; developers read a Tier 1 route's whole and, of any other route, no feedback section "
                    + "(masked lists it). docs/EVALUATION.md")
    @APIResponse(responseCode = "200", description = "The report")
    @APIResponse(responseCode = "400", description = "from or to not an ISO-8601 instant, from not before to, or a range "
            + "over 93 days (invalid_range)")
    @APIResponse(responseCode = "403", description = "Not a privacy approver, auditor or developer (access_denied, "
            + "role_not_permitted)")
    @APIResponse(responseCode = "404", description = "No such route (unknown_route)")
    public EvaluationReport.Report report(@RestPath String route,
            @RestQuery @Parameter(description = "Start, inclusive (default: a week before to)", schema = @Schema(format = "date-time"))
            String from,
            @RestQuery @Parameter(description = "End, exclusive (default: now)", schema = @Schema(format = "date-time")) String to,
            RoutingContext rc) {
        EvaluationReport.Range range = EvaluationReport.Range.parse(from, to, reports.now());
        return reports.report(identity, RequestMeta.of(rc), route, range);
    }
}
