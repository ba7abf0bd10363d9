package io.tiergate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL for the tests: a private cluster under {@code target/} started by
 * {@code scripts/pg.sh} (Debian's binaries; the test command installs them when absent), with
 * the owning role {@code tiergate} for the migrations and the runtime role {@code tiergate_app}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String dataDir;

    @Override
    public Map<String, String> start() {
        dataDir = Processes.root().resolve("target/pg-test").toString();
        int port = Processes.freePort();
        String jdbcUrl = Processes.run(List.of("bash", "scripts/pg.sh", "start", dataDir, String.valueOf(port),
                "tiergate_test", "tiergate", "tiergate", "tiergate_app", "tiergate_app"), 180);
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", "tiergate_app",
                "quarkus.datasource.password", "tiergate_app",
                "quarkus.flyway.username", "tiergate",
                "quarkus.flyway.password", "tiergate");
    }

    @Override
    public void stop() {
        if (dataDir != null) {
            Processes.run(List.of("bash", "scripts/pg.sh", "stop", dataDir), 60);
        }
    }
}
