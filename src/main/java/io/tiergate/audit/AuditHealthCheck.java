package io.tiergate.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the audit writer runs and its last write reached the database (the
 * datasource's own check covers the connection): without the audit store, requests are refused.
 */
@Readiness
@ApplicationScoped
public class AuditHealthCheck implements HealthCheck {

    @Inject AuditLog audit;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("audit-writer")
                .status(audit.isRunning() && audit.isStoreHealthy())
                .withData("writer", audit.isRunning() ? "running" : "stopped")
                .withData("store", audit.isStoreHealthy() ? "reachable" : "failing")
                .withData("backlog", audit.backlog())
                .build();
    }
}
