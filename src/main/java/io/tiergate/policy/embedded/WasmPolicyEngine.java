package io.tiergate.policy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.policy.Decision;
import io.tiergate.policy.DecisionReader;
import io.tiergate.policy.PolicyEngine;
import io.tiergate.policy.PolicyInput;
import io.tiergate.policy.ReasonCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Evaluates the Rego policy in-process: OPA's Wasm compilation of {@code policies/}, translated to
 * JVM bytecode once by Chicory ({@link OpaWasmModule}). An evaluator is not thread-safe, so
 * {@code poolSize} of them are made at start-up (all of them: nothing is compiled on the request
 * path) and each evaluation borrows one; a bounded wait for a free one keeps overload fail-closed.
 * An evaluator that fails is replaced by a fresh one, so a trap cannot leave a broken heap behind.
 * A decision the module gave is served again for a byte-identical input within the same second of
 * {@code context.now} ({@link DecisionMemo}, which says why that is safe); engine failures are never kept.
 */
public final class WasmPolicyEngine implements PolicyEngine, AutoCloseable {

    /** Where the build puts the compiled policy on the classpath. */
    public static final String BUILT_IN_MODULE = "policy/tiergate-policy.wasm";

    private static final Logger LOG = Logger.getLogger(WasmPolicyEngine.class);

    private final OpaWasmModule module;
    private final BlockingQueue<OpaWasmModule.Evaluator> idle;
    private final Duration acquireTimeout;
    private final ObjectMapper mapper;
    private final String revision;
    /** Null when decisions are not memoised. */
    private final DecisionMemo memo;

    /** Distinct inputs memoised per second: far above what one gateway sees (a few per caller and route). */
    static final int MEMO_CAPACITY = 4096;

    public WasmPolicyEngine(byte[] module, int poolSize, Duration acquireTimeout, ObjectMapper mapper) {
        this(module, poolSize, acquireTimeout, mapper, true);
    }

    /** {@code memoise}: serve a decision again for a byte-identical input within the same second. */
    public WasmPolicyEngine(byte[] module, int poolSize, Duration acquireTimeout, ObjectMapper mapper, boolean memoise) {
        this.memo = memoise ? new DecisionMemo(MEMO_CAPACITY) : null;
        this.mapper = mapper;
        this.acquireTimeout = acquireTimeout;
        this.revision = "sha256:" + sha256(module);
        this.module = new OpaWasmModule(module);
        this.idle = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            idle.add(this.module.instantiate());
        }
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public String revision() {
        return revision;
    }

    /** Loads the module from {@code path}, or the one built into Tiergate when absent. */
    public static byte[] loadModule(Path path) {
        try {
            if (path != null) {
                return Files.readAllBytes(path);
            }
            try (InputStream in = WasmPolicyEngine.class.getClassLoader().getResourceAsStream(BUILT_IN_MODULE)) {
                if (in == null) {
                    throw new IllegalStateException("the compiled policy " + BUILT_IN_MODULE
                            + " is not on the classpath; build with Maven (it runs scripts/build-policy.sh)");
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policy Wasm module " + path, e);
        }
    }

    @Override
    public Decision decide(PolicyInput input) {
        byte[] inputJson;
        try {
            inputJson = mapper.writeValueAsBytes(input);
        } catch (IOException e) {
            LOG.error("cannot serialise the policy input", e);
            return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
        }
        long second = input.context().now();
        if (memo != null) {
            Decision known = memo.get(second, inputJson);
            if (known != null) {
                return known;
            }
        }
        OpaWasmModule.Evaluator evaluator;
        try {
            evaluator = idle.poll(acquireTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
        }
        if (evaluator == null) {
            LOG.warnf("no free policy instance within %s; denying", acquireTimeout);
            return Decision.deny(ReasonCodes.POLICY_ENGINE_TIMEOUT);
        }
        String resultSet;
        try {
            resultSet = evaluator.evaluate(inputJson);
        } catch (RuntimeException e) {
            LOG.error("the Wasm policy failed to evaluate", e);
            evaluator = fresh(evaluator);
            return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
        } finally {
            idle.add(evaluator);
        }
        Decision decision = read(resultSet);
        if (memo != null) {
            memo.put(second, inputJson, decision);
        }
        return decision;
    }

    /** Decisions served again from the memo (for tests and diagnostics). */
    public long memoHits() {
        return memo == null ? 0 : memo.hits();
    }

    /** A new evaluator in place of one that failed (its heap may be broken); the old one if even that fails. */
    private OpaWasmModule.Evaluator fresh(OpaWasmModule.Evaluator failed) {
        try {
            return module.instantiate();
        } catch (RuntimeException e) {
            LOG.error("cannot make a new policy evaluator; keeping the one that failed", e);
            return failed;
        }
    }

    private Decision read(String resultSet) {
        try {
            JsonNode results = mapper.readTree(resultSet);
            // An opa build module answers a result set: [{"result": <entrypoint value>}], [] when undefined.
            if (!results.isArray()) {
                return Decision.deny(ReasonCodes.POLICY_RESULT_MALFORMED);
            }
            return DecisionReader.read(results.isEmpty() ? null : results.get(0).get("result"));
        } catch (IOException e) {
            return Decision.deny(ReasonCodes.POLICY_RESULT_MALFORMED);
        }
    }

    @Override
    public void close() {
        idle.clear();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
