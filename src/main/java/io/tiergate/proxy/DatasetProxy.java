package io.tiergate.proxy;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.Dataset;
import io.tiergate.http.BadRequestProblem;
import io.tiergate.http.NotFoundProblem;
import io.tiergate.http.RequestIds;
import io.tiergate.http.RequestMeta;
import io.tiergate.gate.Enforcer;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.proxy.client.UpstreamClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A dataset read through the gateway: decide on the dataset's tier, record, then stream the upstream's answer. */
@ApplicationScoped
public class DatasetProxy {

    /** Raw path characters passed through as they are (RFC 3986 pchar and '/'), nothing else. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

    private final Catalog catalog;
    private final Enforcer enforcer;
    private final UpstreamClient upstream;

    public DatasetProxy(Catalog catalog, Enforcer enforcer, UpstreamClient upstream) {
        this.catalog = catalog;
        this.enforcer = enforcer;
        this.upstream = upstream;
    }

    /** Authorizes the read (blocking until its audit record is durable) and starts forwarding it. */
    public Uni<UpstreamClient.Response> read(SecurityIdentity identity, String name, String rawPath, String rawQuery,
            String purpose, String accept, RequestMeta meta) {
        Dataset dataset = catalog.dataset(name).orElseThrow(() -> new NotFoundProblem("unknown_dataset",
                "There is no dataset '" + name + "'. The catalog lists the datasets."));
        String path = checkedPath(rawPath);
        Resource resource = dataset.policyResource();
        enforcer.authorize(identity, new Enforcer.Access(Action.DATASET_READ, resource, Content.none(), purpose, Set.of()), meta);

        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Accept", accept == null || accept.isBlank() ? "*/*" : accept)
                .add(RequestIds.REQUEST_ID_HEADER, meta.requestId());
        String base = dataset.upstream().toString().replaceAll("/+$", "");
        URI target = URI.create(base + (path.isEmpty() ? "" : "/" + path)
                + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        return upstream.send(dataset.name(), HttpMethod.GET, target, headers, null);
    }

    /** The part of a normalized request path below {@code prefix}, without its leading slash. */
    static String pathBelow(String normalizedPath, String prefix) {
        if (!normalizedPath.startsWith(prefix)) {
            throw new BadRequestProblem("invalid_path", "The dataset path could not be understood.");
        }
        return normalizedPath.substring(prefix.length());
    }

    /** The path below the dataset, still percent-encoded; refuses anything that could climb out of it. */
    static String checkedPath(String rawPath) {
        String path = rawPath == null ? "" : rawPath.replaceAll("^/+", "");
        String lower = path.toLowerCase(Locale.ROOT);
        boolean climbs = ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./")
                || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25")
                || path.contains("//");
        if (climbs || !SAFE_PATH.matcher(path).matches()) {
            throw new BadRequestProblem("invalid_path", "The dataset path must not contain '.' or '..' segments, "
                    + "encoded dots, slashes, backslashes or percent signs, or empty segments.");
        }
        return path;
    }
}
