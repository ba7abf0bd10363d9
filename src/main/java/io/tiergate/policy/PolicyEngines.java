package io.tiergate.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import io.tiergate.policy.embedded.WasmPolicyEngine;
import io.tiergate.policy.remote.RemoteOpaEngine;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Creates the one policy engine the configuration names, at start-up so that a bad policy stops the boot. */
@Singleton
public class PolicyEngines {

    private static final Logger LOG = Logger.getLogger(PolicyEngines.class);

    @Produces
    @Singleton
    @Startup
    PolicyEngine engine(PolicyConfig config, ObjectMapper mapper) {
        PolicyEngine engine = switch (config.engine()) {
            case EMBEDDED -> new WasmPolicyEngine(
                    WasmPolicyEngine.loadModule(config.embedded().wasm().orElse(null)),
                    config.embedded().poolSize(),
                    config.embedded().acquireTimeout(),
                    mapper,
                    config.embedded().memoise());
            case REMOTE -> new RemoteOpaEngine(
                    config.remote().url(), config.remote().decisionPath(), config.remote().timeout());
        };
        LOG.infof("policy engine: %s (%s)", engine.name(), engine.revision());
        return engine;
    }

    void close(@Disposes PolicyEngine engine) throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
