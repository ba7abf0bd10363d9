package io.tiergate.policy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.OpaPolicy;
import com.styra.opa.wasm.OpaPolicyPool;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Evaluates the Rego policy in-process: OPA's Wasm compilation of {@code policies/}, run by
 * Chicory through opa-java-wasm. A policy instance is not thread-safe, so instances are pooled
 * and each evaluation borrows one; a bounded wait for a free instance keeps overload fail-closed.
 */
public final class WasmPolicyEngine implements PolicyEngine, AutoCloseable {

    /** Where the build puts the compiled policy on the classpath. */
    public static final String BUILT_IN_MODULE = "policy/tiergate-policy.wasm";

    private static final Logger LOG = Logger.getLogger(WasmPolicyEngine.class);

    private final OpaPolicyPool pool;
    private final Semaphore permits;
    private final Duration acquireTimeout;
    private final ObjectMapper mapper;
    private final String revision;

    public WasmPolicyEngine(byte[] module, int poolSize, Duration acquireTimeout, ObjectMapper mapper) {
        this.mapper = mapper;
        this.acquireTimeout = acquireTimeout;
        this.revision = "sha256:" + sha256(module);
        this.permits = new Semaphore(poolSize);
        this.pool = OpaPolicyPool.create(() -> OpaPolicy.builder().withPolicy(module).build(), poolSize);
        warmUp(Math.min(poolSize, Runtime.getRuntime().availableProcessors()));
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
        String inputJson;
        try {
            inputJson = mapper.writeValueAsString(input);
        } catch (IOException e) {
            LOG.error("cannot serialise the policy input", e);
            return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
        }
        try {
            if (!permits.tryAcquire(acquireTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warnf("no free policy instance within %s; denying", acquireTimeout);
                return Decision.deny(ReasonCodes.POLICY_ENGINE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
        }
        try {
            return evaluate(inputJson);
        } finally {
            permits.release();
        }
    }

    private Decision evaluate(String inputJson) {
        String resultSet;
        try (var loan = pool.borrow()) {
            try {
                resultSet = loan.policy().evaluate(inputJson);
            } catch (RuntimeException e) {
                loan.discard();
                LOG.error("the Wasm policy failed to evaluate", e);
                return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Decision.deny(ReasonCodes.POLICY_ENGINE_UNAVAILABLE);
        }
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

    /** Creates instances up front so that the first requests do not pay for compiling the module. */
    private void warmUp(int instances) {
        List<OpaPolicyPool.Loan> loans = new ArrayList<>(instances);
        try {
            for (int i = 0; i < instances; i++) {
                loans.add(pool.borrow());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loans.forEach(OpaPolicyPool.Loan::close);
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

    @Override
    public void close() {
        pool.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
