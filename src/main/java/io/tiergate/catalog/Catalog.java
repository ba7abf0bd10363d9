package io.tiergate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.tiergate.policy.Tier;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The datasets and LLM routes Tiergate fronts. Built once from configuration and checked at
 * start-up: unsafe declarations (an external route cleared for Tier 2, a non-HTTP upstream,
 * an odd name) stop the boot with a message saying which entry is wrong.
 */
@Singleton
public class Catalog {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Dataset> datasets = new TreeMap<>();
    private final Map<String, LlmRoute> routes = new TreeMap<>();
    private final Map<String, AccessRules> datasetRules = new TreeMap<>();
    private final Map<String, AccessRules> routeRules = new TreeMap<>();
    private final Map<String, CaptureStore> captureStores = new TreeMap<>();

    /** How Tier 2 access to a resource is granted: the longest grant, and the distinct approvals needed. */
    public record AccessRules(Duration maxGrantDuration, int approvalsRequired) {
    }

    public Catalog(CatalogConfig config) {
        config.datasets().forEach((name, d) -> {
            List<String> tier2Fields = new ArrayList<>();
            d.fields().forEach((pointer, field) -> {
                FieldPointers.checked(name, pointer);
                if (field.tier() == 2) {
                    tier2Fields.add(pointer);
                }
            });
            Collections.sort(tier2Fields);
            datasets.put(name, dataset(name, d.upstream(), d.tier(), d.owner().orElse(""), d.description().orElse(""),
                    tier2Fields, d.apiKey().filter(k -> !k.isBlank())));
            datasetRules.put(name, rules("datasets", name, d.maxGrantDuration(), d.approvalsRequired()));
        });
        config.routes().forEach((name, r) -> {
            LlmRoute route = route(name, r.upstream(), r.tier(), r.external(),
                    r.apiKey().filter(k -> !k.isBlank()), r.owner().orElse(""), r.description().orElse(""))
                    .acceptingUnscannable(r.acceptsUnscannable().orElse(List.of()))
                    .capturing(capture(name, r));
            routes.put(name, r.variants().isEmpty() ? route : route.withVariants(variants(route, r.variants())));
            routeRules.put(name, rules("routes", name, r.maxGrantDuration(), r.approvalsRequired()));
        });
        routes.values().forEach(route -> {
            CaptureStore store = CaptureStore.of(route);
            if (datasets.containsKey(store.name())) {
                throw new IllegalStateException("catalog dataset '" + store.name() + "' has the name of the capture store of route '"
                        + route.name() + "': rename the dataset");
            }
            captureStores.put(store.name(), store);
        });
    }

    /** A route's checked capture declarations: captures are kept at least a day. */
    static LlmRoute.Capture capture(String name, CatalogConfig.RouteConfig r) {
        if (r.captureRetention().compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalStateException("tiergate.catalog.routes.\"" + name + "\".capture-retention is "
                    + r.captureRetention() + ": captures are kept at least a day (P1D)");
        }
        Optional<Tier> storeTier = r.captureTier().map(tier -> {
            if (tier != 1 && tier != 2) {
                throw new IllegalStateException("tiergate.catalog.routes.\"" + name + "\".capture-tier is " + tier + ": it must be 1 or 2");
            }
            return Tier.of(tier);
        });
        return new LlmRoute.Capture(r.capture() == CatalogConfig.CaptureSwitch.on, r.captureOffPurposes().orElse(List.of()),
                r.captureEmbeddings(), r.captureRetention(), storeTier);
    }

    /** Request members a variant sets through its own properties (or never): not settable as parameters. */
    private static final Set<String> RESERVED_PARAMETERS = Set.of("model", "messages", "stream", "input",
            "prompt", "instructions");

    /**
     * A route's checked variants: each answers with a weight above 0 or is a shadow (a share in (0, 1]),
     * never both; exactly one answering variant is the baseline; none is cleared above the route, and an
     * external one is cleared for Tier 1 only.
     */
    static Variants variants(LlmRoute route, Map<String, CatalogConfig.VariantConfig> declared) {
        List<Variant> live = new ArrayList<>();
        List<Variant> shadows = new ArrayList<>();
        new TreeMap<>(declared).forEach((name, v) -> {
            String at = "tiergate.catalog.routes.\"" + route.name() + "\".variants.\"" + name + "\"";
            checkName("variant", name);
            URI upstream = checkUpstream("variant", route.name() + "/" + name, v.upstream().orElse(route.upstream()));
            int tier = v.tier().orElse(route.maxTier().level());
            if (tier < 1 || tier > route.maxTier().level()) {
                throw new IllegalStateException(at + ".tier is " + tier + ": a variant is cleared for 1 or 2, never above its route ("
                        + route.maxTier().level() + ")");
            }
            if (v.external() && tier > 1) {
                throw new IllegalStateException(at + " is external and must not receive Tier 2 content: set " + at + ".tier=1");
            }
            double share = v.shadowShare().orElse(0.0);
            if (v.shadowShare().isPresent() && !(share > 0 && share <= 1)) {
                throw new IllegalStateException(at + ".shadow-share is " + share + ": it must be more than 0 and at most 1");
            }
            double weight = v.weight().orElse(0.0);
            if (v.shadowShare().isPresent() && v.weight().isPresent()) {
                throw new IllegalStateException(at + " has both a weight and a shadow-share: a shadow never answers, give it one of them");
            }
            if (v.shadowShare().isEmpty() && !(weight > 0 && Double.isFinite(weight))) {
                throw new IllegalStateException(at + ".weight is " + v.weight().map(String::valueOf).orElse("missing")
                        + ": a variant that answers needs a weight greater than 0 (or a shadow-share, as a shadow)");
            }
            if (v.shadowShare().isPresent() && v.baseline()) {
                throw new IllegalStateException(at + " is a shadow and cannot be the baseline: the baseline answers calls");
            }
            Variant variant = new Variant(name, upstream, v.apiKey().filter(k -> !k.isBlank()).or(route::apiKey),
                    v.model().filter(m -> !m.isBlank()), v.systemPrompt().filter(p -> !p.isBlank()), parameters(at, v.parameters()),
                    weight, Tier.of(tier), v.external(), v.baseline(), share, false);
            (variant.shadow() ? shadows : live).add(variant);
        });
        long baselines = live.stream().filter(Variant::baseline).count();
        if (baselines != 1) {
            throw new IllegalStateException("tiergate.catalog.routes.\"" + route.name() + "\" declares " + baselines
                    + " baseline variants: exactly one variant that answers calls must set baseline=true");
        }
        return new Variants(live, shadows);
    }

    private static Map<String, JsonNode> parameters(String at, Map<String, String> declared) {
        Map<String, JsonNode> parameters = new TreeMap<>();
        declared.forEach((key, value) -> {
            if (RESERVED_PARAMETERS.contains(key)) {
                throw new IllegalStateException(at + ".parameters.\"" + key + "\" cannot be set as a parameter"
                        + ("model".equals(key) || "instructions".equals(key) ? ": use model or system-prompt" : ""));
            }
            JsonNode json;
            try {
                json = JSON.readTree(value);
            } catch (IOException e) {
                json = null;
            }
            parameters.put(key, json == null || json.isMissingNode() ? TextNode.valueOf(value) : json);
        });
        return parameters;
    }

    /** Checked access rules: a grant lasts at least a minute and at most a year. */
    static AccessRules rules(String section, String name, Duration maxGrantDuration, int approvalsRequired) {
        if (maxGrantDuration.compareTo(Duration.ofMinutes(1)) < 0 || maxGrantDuration.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalStateException("tiergate.catalog." + section + ".\"" + name + "\".max-grant-duration is "
                    + maxGrantDuration + ": it must be between 1 minute and 366 days");
        }
        return new AccessRules(maxGrantDuration, approvalsRequired);
    }

    /** What the catalog says of one resource, whatever its kind: tier (for a route, the highest it may receive), owner, description. */
    public record Entry(String kind, String name, Tier tier, String owner, String description, boolean external,
            List<String> tier2Fields) {

        static Entry of(Dataset d) {
            return new Entry(ResourceKind.DATASET.json(), d.name(), d.tier(), d.owner(), d.description(), false, d.tier2Fields());
        }

        static Entry of(CaptureStore s) {
            return new Entry(ResourceKind.DATASET.json(), s.name(), s.tier(), s.owner(), s.description(), false, List.of());
        }

        static Entry of(LlmRoute r) {
            return new Entry(ResourceKind.LLM_ROUTE.json(), r.name(), r.maxTier(), r.owner(), r.description(), r.external(),
                    List.of());
        }

        /** The policy's view of this entry (an LLM route also says whether it is external): the one place it is built. */
        public Resource policyResource() {
            if (ResourceKind.LLM_ROUTE.json().equals(kind)) {
                return new Resource(ResourceKind.LLM_ROUTE, name, tier.level(), owner, Map.of("external", external));
            }
            if (CaptureStore.isStoreName(name)) {
                return new Resource(ResourceKind.DATASET, name, tier.level(), owner, Map.of(PolicyInput.CAPTURE_STORE, true));
            }
            return new Resource(ResourceKind.DATASET, name, tier.level(), owner,
                    tier2Fields.isEmpty() ? Map.of() : Map.of(PolicyInput.TIER2_FIELDS, tier2Fields));
        }
    }

    /** The dataset ({@code kind} {@code dataset}) or LLM route ({@code llm_route}) of that name, if declared. */
    public Optional<Entry> entry(String kind, String name) {
        return switch (kind) {
            case "dataset" -> dataset(name).map(Entry::of).or(() -> captureStore(name).map(Entry::of));
            case "llm_route" -> route(name).map(Entry::of);
            default -> Optional.empty();
        };
    }

    /** The access rules of a dataset ({@code kind} {@code dataset}) or LLM route ({@code llm_route}). */
    public Optional<AccessRules> accessRules(String kind, String name) {
        return switch (kind) {
            case "dataset" -> Optional.ofNullable(datasetRules.get(name))
                    .or(() -> captureStore(name).map(store -> routeRules.get(store.route())));
            case "llm_route" -> Optional.ofNullable(routeRules.get(name));
            default -> Optional.empty();
        };
    }

    /** A checked dataset declaration. */
    static Dataset dataset(String name, URI upstream, int tier, String owner, String description) {
        return dataset(name, upstream, tier, owner, description, List.of(), Optional.empty());
    }

    static Dataset dataset(String name, URI upstream, int tier, String owner, String description, List<String> tier2Fields,
            Optional<String> apiKey) {
        return new Dataset(checkName("dataset", name), checkUpstream("dataset", name, upstream), Tier.of(tier), owner, description,
                tier2Fields, apiKey);
    }

    /** A checked route declaration: an external route is never cleared for Tier 2. */
    static LlmRoute route(String name, URI upstream, int tier, boolean external, Optional<String> apiKey, String owner,
            String description) {
        checkName("route", name);
        if (external && tier > 1) {
            throw new IllegalStateException("catalog route '" + name
                    + "' is external and must not receive Tier 2 content: set tiergate.catalog.routes.\""
                    + name + "\".tier=1");
        }
        return new LlmRoute(name, checkUpstream("route", name, upstream), Tier.of(tier), external, apiKey, owner, description);
    }

    public Optional<Dataset> dataset(String name) {
        return Optional.ofNullable(datasets.get(name));
    }

    public Optional<LlmRoute> route(String name) {
        return Optional.ofNullable(routes.get(name));
    }

    public Collection<Dataset> datasets() {
        return datasets.values();
    }

    public Collection<LlmRoute> routes() {
        return routes.values();
    }

    /** The capture store of that dataset name ({@code captures/<route>}), if its route is declared. */
    public Optional<CaptureStore> captureStore(String name) {
        return Optional.ofNullable(captureStores.get(name));
    }

    /** The capture store of the route {@code route}, if it is declared. */
    public Optional<CaptureStore> captureStoreOf(String route) {
        return captureStore(CaptureStore.PREFIX + route);
    }

    /** Every route's capture store, by dataset name. */
    public Collection<CaptureStore> captureStores() {
        return captureStores.values();
    }

    private static String checkName(String kind, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("catalog " + kind + " name '" + name
                    + "' is not valid: use lower-case letters, digits, '.', '_' and '-' (at most 63)");
        }
        return name;
    }

    private static URI checkUpstream(String kind, String name, URI upstream) {
        String scheme = upstream.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || upstream.getHost() == null) {
            throw new IllegalStateException("catalog " + kind + " '" + name + "' has upstream '" + upstream
                    + "': it must be an absolute http(s) URL");
        }
        return upstream;
    }
}
