package io.tiergate.policy.remote;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * One document of OPA's REST Data API: {@code POST /v1/data/<path>} with {@code {"input": ...}},
 * answered by {@code {"result": ...}} (no {@code result} when the document is undefined).
 * The base URI of a client already names the document.
 */
public interface OpaDataApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode query(Query query);

    /** The request body of a Data API query. */
    record Query(Object input) {
    }
}
