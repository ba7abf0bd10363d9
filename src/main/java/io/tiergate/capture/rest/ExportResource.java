package io.tiergate.capture.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.capture.CaptureExports;
import io.tiergate.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;

/** Training and evaluation files made of a route's captures, decided as {@code dataset.export} and streamed as a download. */
@Path("/api/exports")
@Authenticated
@Blocking
@Tag(name = "Captures")
public class ExportResource {

    private static final Logger LOG = Logger.getLogger(ExportResource.class);
    /** JSON lines, one example per line. */
    public static final String JSON_LINES = "application/x-ndjson";
    public static final String RECORDS_HEADER = "X-Tiergate-Export-Records";
    public static final String SHA256_HEADER = "X-Tiergate-Export-Sha256";
    public static final String DECISION_HEADER = "X-Tiergate-Decision-Id";

    @Inject CaptureExports exports;
    @Inject SecurityIdentity identity;

    /** What to export. */
    @Schema(description = "A route's captures in [from, to), of these variants (all when none), filtered, in a format")
    public record ExportBody(
            @NotBlank @Schema(description = "An LLM route of the catalog; its captures are the dataset captures/<route>") String route,
            @Size(max = 20) @Schema(description = "Variants to export; all when absent or empty") List<@NotNull String> variants,
            @NotNull @Schema(description = "ISO-8601 instant, inclusive", implementation = String.class, format = "date-time") Instant from,
            @NotNull @Schema(description = "ISO-8601 instant, exclusive", implementation = String.class, format = "date-time") Instant to,
            @Valid Filters filters,
            @NotBlank @Schema(description = "openai-chat (OpenAI chat fine-tuning JSONL) or evaluation (input, reference_output, metadata)",
                    enumeration = {"openai-chat", "evaluation"}) String format) {
    }

    /** Which captures of the range. */
    public record Filters(
            @Size(max = 10) @Schema(description = "Each must hold of the call's latest value of the metric") List<@NotNull @Valid FeedbackFilter> feedback,
            @JsonProperty("without_findings") @Schema(description = "Only calls in which nothing was found") Boolean withoutFindings,
            @JsonProperty("max_tier") @Schema(description = "1: only Tier 1 captures") Integer maxTier) {
    }

    /** A condition on one declared metric. */
    public record FeedbackFilter(
            @NotBlank @Schema(description = "A metric declared in tiergate.capture.metrics") String metric,
            @JsonProperty("at_least") @Schema(description = "For a float metric: the lowest value kept") Double atLeast,
            @Schema(description = "For a boolean metric: the value kept") Boolean equals) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({JSON_LINES, MediaType.APPLICATION_JSON})
    @Operation(summary = "Export a training or evaluation file of a route's captures, decided as dataset.export",
            description = "Tier 1 captures need a stated purpose (X-Tiergate-Purpose); Tier 2 (redacted) captures, and every capture "
                    + "of a Tier 2 store, need an active grant for the dataset captures/<route> and the purpose fine-tuning or "
                    + "model-evaluation. The decision, durable in the audit log before the first byte, records the number of records "
                    + "and the SHA-256 of the file streamed. Redacted captures are exported with their placeholders.")
    @APIResponse(responseCode = "200", description = "The file, as a download (Content-Disposition: attachment)",
            content = @Content(mediaType = JSON_LINES, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            headers = {
                    @Header(name = RECORDS_HEADER, description = "Records in the file", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)),
                    @Header(name = SHA256_HEADER, description = "SHA-256 of the file, hex", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
                    @Header(name = DECISION_HEADER, description = "The export's decision id in the audit log", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "A bad body: unknown_format, unknown_route, invalid_range, invalid_tier, "
            + "invalid_variant, unknown_metric, invalid_filter, export_too_large")
    @APIResponse(responseCode = "403", description = "The policy refused the export (reasons; request_access for Tier 2)")
    public Response exportCaptures(@RestHeader(CaptureResource.PURPOSE_HEADER) @Pattern(regexp = CaptureResource.PURPOSE) String purpose,
            @NotNull @Valid ExportBody body, RoutingContext rc) {
        Filters filters = body.filters() == null ? new Filters(null, null, null) : body.filters();
        CaptureExports.Export export = exports.export(identity, RequestMeta.of(rc), purpose == null ? "" : purpose,
                new CaptureExports.Request(body.route(), body.variants(), body.from(), body.to(),
                        filters.feedback() == null ? List.of() : filters.feedback().stream()
                                .map(f -> new CaptureExports.FeedbackFilter(f.metric(), f.atLeast(), f.equals())).toList(),
                        Boolean.TRUE.equals(filters.withoutFindings()), filters.maxTier(), body.format()));
        StreamingOutput file = out -> {
            try {
                Files.copy(export.file(), out);
            } finally {
                delete(export);
            }
        };
        return Response.ok(file, JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"" + export.filename() + "\"")
                .header("Content-Length", export.bytes())
                .header(RECORDS_HEADER, export.records())
                .header(SHA256_HEADER, export.sha256())
                .header(DECISION_HEADER, export.decisionId())
                .build();
    }

    private static void delete(CaptureExports.Export export) {
        try {
            Files.deleteIfExists(export.file());
        } catch (IOException e) {
            LOG.warnf("export file %s could not be deleted: %s", export.file(), e.getMessage());
        }
    }
}
