package io.tiergate.access.rest;

import io.tiergate.access.AccessViews.GrantView;
import io.tiergate.access.AccessViews.RequestView;
import io.tiergate.access.AccessViews.ResourceName;
import io.tiergate.http.QueryCharacters;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The access workflow on the wire: request bodies and lists; the views are the service's ({@link io.tiergate.access.AccessViews}). */
public final class AccessDtos {

    private static final String BLANK = "must not be blank or contain NUL characters";

    private AccessDtos() {
    }

    /** A request for Tier 2 access. */
    @Schema(description = "What to access, why, and for how long")
    public record CreateRequest(
            @NotNull @Valid ResourceName resource,
            @NotBlank @Schema(description = "One of tiergate.access.purposes, e.g. debugging") String purpose,
            @NotNull @Size(max = 2000) @Pattern(regexp = QueryCharacters.NOT_BLANK, message = BLANK) String justification,
            @NotNull @Schema(description = "ISO-8601 duration, e.g. PT8H or P7D; at most the resource's maximum",
                    implementation = String.class, example = "PT8H") Duration duration) {
    }

    /** An approval, possibly shortening the duration. */
    public record ApproveBody(
            @Schema(description = "A shorter grant than requested (ISO-8601)", implementation = String.class, example = "PT4H")
            Duration duration,
            @Size(max = 2000) @Pattern(regexp = QueryCharacters.NO_NUL, message = "must not contain NUL characters") String comment) {
    }

    /** A denial: the reason is required. */
    public record DenyBody(@NotNull @Size(max = 2000) @Pattern(regexp = QueryCharacters.NOT_BLANK, message = BLANK) String reason) {
    }

    /** A revocation: the reason is required. */
    public record RevokeBody(@NotNull @Size(max = 2000) @Pattern(regexp = QueryCharacters.NOT_BLANK, message = BLANK) String reason) {
    }

    /** A list of requests. */
    public record Requests(List<RequestView> requests) {
    }

    /** A list of grants. */
    public record Grants(List<GrantView> grants) {
    }
}
