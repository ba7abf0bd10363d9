package io.tiergate.classify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.policy.Tier;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code POST /api/classify}: what the gateway would see in a text, for anyone authenticated to
 * check a prompt or a record before sending it. Findings carry spans (UTF-16 offsets into the
 * text, end exclusive), never values; {@code ?redact=true} adds the text with its Tier 2 findings
 * replaced by placeholders. Nothing is forwarded, recorded or logged.
 */
@Path("/api/classify")
@Authenticated
@Tag(name = "Classify")
public class ClassifyResource {

    @Inject Classifier classifier;
    @Inject ObjectMapper mapper;

    /** The answer: the text's tier, its findings, and the redacted text when asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClassifyResponse(int tier, List<FindingView> findings, String redacted) {
    }

    /** One finding as the API shows it: type, span, confidence, detector. */
    public record FindingView(String type, int start, int end, double score, String detector) {
        static FindingView of(Finding f) {
            return new FindingView(f.type(), f.start(), f.end(), Math.round(f.score() * 100) / 100.0, f.detector());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Classify a text", description = "Body {\"text\": \"...\"}; returns its tier and findings "
            + "(type, start, end, score, detector). With ?redact=true also the text with its Tier 2 findings replaced.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ClassifyRequest")))
    public ClassifyResponse classify(byte[] body, @RestQuery boolean redact) {
        String text = ClassifyRequest.text(body, mapper, classifier.settings().maxTextChars());
        Classification classification = classifier.classify(text);
        String redacted = redact
                ? new Redactor().redact(text, classification.findings(), f -> f.tier() == Tier.TIER_2)
                : null;
        return new ClassifyResponse(classification.tier().level(),
                classification.findings().stream().map(FindingView::of).toList(), redacted);
    }
}
