package io.tiergate.access;

import io.agroal.api.AgroalDataSource;
import io.tiergate.audit.AuditLog;
import io.tiergate.gate.GrantSource;
import io.tiergate.http.ProblemException;
import io.tiergate.http.UnavailableProblem;
import io.tiergate.ops.Telemetry;
import io.tiergate.policy.PolicyInput.Grant;
import io.tiergate.policy.PolicyInput.ResourceRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The grants the policy sees, read from PostgreSQL on every decision about a dataset or route.
 * No cache: revocation and expiry count from the next request, on every instance, without any
 * invalidation protocol. The query is one index range scan ({@code access_grant_lookup}); its cost
 * is measured in docs/PERFORMANCE.md. Plain JDBC, because it is on the path of every proxied call.
 */
@ApplicationScoped
public class DbGrantSource implements GrantSource {

    private static final String ACTIVE = """
            select purpose, expires_at from access_grant
            where subject_id = ? and resource_kind = ? and resource_name = ? and revoked_at is null and expires_at > ?""";

    @Inject AgroalDataSource dataSource;
    @Inject AuditLog audit;
    @Inject Telemetry telemetry;

    @Override
    public List<Grant> activeGrants(String subjectId, ResourceRef resource, long nowEpochSeconds) {
        if (!audit.isStoreHealthy()) {
            // Same database as the audit log, which is known to fail: the decision could not be recorded anyway.
            throw unavailable();
        }
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(ACTIVE)) {
            select.setString(1, subjectId);
            select.setString(2, resource.kind().json());
            select.setString(3, resource.name());
            select.setTimestamp(4, Timestamp.from(Instant.ofEpochSecond(nowEpochSeconds)));
            select.setQueryTimeout(2);
            List<Grant> grants = new ArrayList<>(1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    grants.add(new Grant(resource, rows.getString(1), rows.getTimestamp(2).toInstant().getEpochSecond()));
                }
            }
            telemetry.grantLookedUp(System.nanoTime() - started);
            return grants;
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new UnavailableProblem("grant_store_unavailable", "Grant store unavailable",
                "The request was refused because the access grants could not be read. Retry later.");
    }
}
