package io.tiergate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A request whose event finds the writer idle writes it on its own thread (no hand-over to the
 * writer thread and back); requests that meet a busy writer queue theirs, and whoever writes next
 * takes them along. Either way every event lands once and the chain holds.
 */
@QuarkusTest
class AuditCallerWritesTest {

    @Inject
    AuditLog log;
    @Inject
    AuditQueries queries;

    @Test
    void aRequestMeetingAnIdleWriterWritesItsOwnEvent() {
        long byRequests = log.batchesWrittenByRequests();

        for (int i = 0; i < 5; i++) {
            log.appendAndAwaitCommit(decision("caller-writes-" + i));
        }

        // five appends one after the other, nothing else waiting: the requests wrote them (a
        // background event of the application may have taken the writer thread once)
        assertThat(log.batchesWrittenByRequests() - byRequests).isGreaterThanOrEqualTo(4);
    }

    @Test
    void concurrentRequestsEachLandOnceAndTheChainHolds() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> appends = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                appends.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        log.appendAndAwaitCommit(decision("concurrent-" + run + "-" + thread + "-" + i));
                    }
                }));
            }
            for (Future<?> append : appends) {
                append.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (int t = 0; t < 16; t++) {
            for (int i = 0; i < 25; i += 8) {
                String name = "concurrent-" + run + "-" + t + "-" + i;
                assertThat(queries.recent(new AuditQueries.Filter(null, null, null, null, name), 5)).as(name).hasSize(1);
            }
        }
        assertThat(queries.verify().ok()).isTrue();
    }

    private static AuditEvent decision(String requestId) {
        return TestDecisions.handbookRead(requestId, "caller-writes-test", null);
    }
}
