package io.tiergate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The decision writer appends after the head it left, without taking the head's lock first; when
 * another writer (a workflow transaction, another gateway instance) moved the head meanwhile, the
 * database's link check refuses the insert and the writer appends again under the lock: every
 * event lands, once, and the chain holds.
 */
@QuarkusTest
class AuditWriterTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AuditLog log;
    @Inject
    AuditChain chain;
    @Inject
    AuditQueries queries;

    @Test
    void aHeadMovedByAnotherWriterIsFollowedAndEveryEventLandsOnce() throws SQLException {
        AuditEvent first = decision("writer-first");
        AuditEvent between = decision("writer-other");
        AuditEvent second = decision("writer-second");
        AuditEvent third = decision("writer-third");

        log.appendAndAwaitCommit(first);
        appendAsAnotherWriter(between);
        log.appendAndAwaitCommit(second);
        log.appendAndAwaitCommit(third);

        for (AuditEvent e : List.of(first, between, second, third)) {
            assertThat(queries.recent(new AuditQueries.Filter(null, null, null, null, e.requestId()), 10))
                    .as("event %s", e.requestId()).hasSize(1);
        }
        assertThat(queries.verify().ok()).isTrue();
    }

    /** Another writer's transaction: takes the head's lock, appends, commits. */
    private void appendAsAnotherWriter(AuditEvent event) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            chain.append(c, List.of(event), 5);
            c.commit();
        }
    }

    private static AuditEvent decision(String name) {
        return TestDecisions.handbookRead(name + "-" + UUID.randomUUID(), "writer-test", name);
    }
}
