package io.tiergate.proxy;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.Dataset;
import io.tiergate.catalog.FieldPointers;
import io.tiergate.classify.Classifier;
import io.tiergate.gate.AnswerGate;
import io.tiergate.gate.Enforcer;
import io.tiergate.gate.SubjectSource;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestIds;
import io.tiergate.http.RequestMeta;
import io.tiergate.policy.Decision.ObligationKind;
import io.tiergate.policy.Decision.Obligations;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.ReasonCodes;
import io.tiergate.policy.Tier;
import io.tiergate.proxy.client.UpstreamClient;
import io.tiergate.proxy.payload.JsonWalker;
import io.tiergate.proxy.payload.PayloadException;
import io.tiergate.proxy.payload.PayloadWalker;
import io.tiergate.proxy.payload.TextWalker;
import io.tiergate.proxy.payload.WalkReport;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A dataset read through the gateway: decide on the dataset's tier and declared fields, record,
 * then stream the upstream's answer. When the decision obliges the gateway to mask fields or
 * redact findings, the payload is walked as it streams (JSON, JSON lines, or text; anything else
 * is refused) and what was found and done is recorded in a {@code payload} audit event, durable
 * before the last chunk is sent.
 */
@ApplicationScoped
public class DatasetProxy {

    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    @Inject Catalog catalog;
    @Inject Enforcer enforcer;
    @Inject UpstreamClient upstream;
    @Inject Classifier classifier;
    @Inject AnswerGate answers;
    @Inject SubjectSource subjects;

    /** Authorizes the read (blocking until its audit record is durable) and starts forwarding it. */
    public Uni<UpstreamClient.Response> read(SecurityIdentity identity, String name, String rawPath, String rawQuery,
            String purpose, String accept, RequestMeta meta) {
        Dataset dataset = catalog.dataset(name).orElseThrow(() -> new NotFoundProblem("unknown_dataset",
                "There is no dataset '" + name + "'. The catalog lists the datasets."));
        String path = RawPathGuard.checked(rawPath); // what is forwarded, checked again (RawPathGuard judged the raw path)
        Resource resource = dataset.policyResource();
        Enforcer.Authorization authorization = enforcer.authorize(identity, new Enforcer.Access(Action.DATASET_READ, resource,
                Content.none(), purpose, Set.of(ObligationKind.REDACT, ObligationKind.MASK_FIELDS), null,
                whatWasAsked(path, rawQuery)), meta);

        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Accept", accept == null || accept.isBlank() ? "*/*" : accept)
                .add("Accept-Encoding", "identity")
                .add(RequestIds.REQUEST_ID_HEADER, meta.requestId());
        dataset.apiKey().ifPresent(key -> headers.add("Authorization", "Bearer " + key));
        String base = dataset.upstream().toString().replaceAll("/+$", "");
        URI target = URI.create(base + (path.isEmpty() ? "" : "/" + path)
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        Obligations obligations = authorization.decision().obligations();
        Uni<UpstreamClient.Response> response = upstream.send(dataset.name(), HttpMethod.GET, target, headers, null);
        if (obligations.redact().isEmpty() && obligations.maskFields().isEmpty()) {
            return response; // e.g. a Tier 2 dataset under a grant: nothing to do to the payload
        }
        AnswerGate.Exchange exchange = new AnswerGate.Exchange(authorization, resource, purpose, subjects.nameOf(identity), meta);
        return response.map(r -> walked(r, dataset, obligations, exchange));
    }

    /** The audit row's account of what was asked for: the path and the names (never the values) of the query parameters. */
    static String whatWasAsked(String path, String rawQuery) {
        Set<String> names = new TreeSet<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String parameter : rawQuery.split("&")) {
                String parameterName = parameter.split("=", 2)[0];
                names.add(QUERY_NAME.matcher(parameterName).matches() ? parameterName : "?");
            }
        }
        return "path=/" + path + (names.isEmpty() ? "" : " query=" + String.join(",", names));
    }

    private UpstreamClient.Response walked(UpstreamClient.Response response, Dataset dataset, Obligations obligations,
            AnswerGate.Exchange exchange) {
        String contentType = first(response.headers(), "content-type");
        String encoding = first(response.headers(), "content-encoding");
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            throw PayloadException.unscannable(dataset.name(), contentType + "; " + encoding);
        }
        PayloadWalker walker = walkerFor(contentType, dataset.name(), obligations);
        Multi<Buffer> body = response.body()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transform(walker::feed)
                .onCompletion().switchTo(() -> Multi.createFrom().item(() -> {
                    Buffer rest = walker.finish();
                    recordPayload(walker.report(), dataset, obligations, exchange);
                    return rest;
                }))
                .select().where(buffer -> buffer.length() > 0);
        return new UpstreamClient.Response(response.status(), response.headers(), body);
    }

    /** The walker for a Content-Type: JSON, JSON lines, or text; anything else cannot be scanned. */
    PayloadWalker walkerFor(String contentType, String upstreamName, Obligations obligations) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        Set<String> redact = Set.copyOf(obligations.redact());
        int maxValue = classifier.settings().maxTextChars();
        if (type.equals("application/json") || type.endsWith("+json")) {
            return new JsonWalker(classifier, FieldPointers.of(obligations.maskFields()), redact, false, maxValue, upstreamName);
        }
        if (JSON_LINES.contains(type)) {
            return new JsonWalker(classifier, FieldPointers.of(obligations.maskFields()), redact, true, maxValue, upstreamName);
        }
        if (type.isEmpty() || type.startsWith("text/") || TEXT.contains(type) || type.endsWith("+xml")) {
            // no Content-Type: read as text, which refuses what is not UTF-8
            return new TextWalker(classifier, redact, upstreamName);
        }
        throw PayloadException.unscannable(upstreamName, type);
    }

    private static final Set<String> JSON_LINES = Set.of("application/x-ndjson", "application/jsonl", "application/x-jsonlines",
            "application/jsonlines", "application/json-lines");
    private static final Set<String> TEXT = Set.of("application/xml", "application/csv", "application/yaml", "application/x-yaml");

    /** The payload's outcome: what the walk found (types and pointers) and did, linked to the decision; durable before the last chunk. */
    private void recordPayload(WalkReport report, Dataset dataset, Obligations obligations, AnswerGate.Exchange exchange) {
        boolean undeclared = dataset.tier() == Tier.TIER_1 && report.hasUndeclaredTier2();
        Obligations applied = new Obligations(List.copyOf(report.redactedTypes()), List.copyOf(report.maskedPointers()),
                obligations.capture());
        boolean altered = !report.redactedTypes().isEmpty() || !report.maskedPointers().isEmpty();
        answers.recordOutcome(exchange, Action.DATASET_READ, new Content(report.contentTier(), report.findingCounts(), report.bytesRead()),
                altered ? "forwarded_altered" : "forwarded",
                undeclared ? List.of(ReasonCodes.UNDECLARED_TIER2_IN_DATASET) : List.of(), applied, report.summary());
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The part of a normalized request path below {@code prefix}, without its leading slash. */
    static String pathBelow(String normalizedPath, String prefix) {
        if (!normalizedPath.startsWith(prefix)) {
            throw new BadRequestProblem("invalid_path", "The dataset path could not be understood.");
        }
        return normalizedPath.substring(prefix.length());
    }
}
