package io.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void isAVersion7UuidCarryingItsMillisecond() {
        long millis = 1_795_680_000_123L;
        UUID id = TimeOrderedIds.at(millis);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        // and its text form is an ordinary UUID, as the audit log's uuid column and the headers expect
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnes() {
        UUID earlier = TimeOrderedIds.at(1_795_680_000_000L);
        UUID later = TimeOrderedIds.at(1_795_680_000_001L);
        // as the index sees them: PostgreSQL compares uuids bytewise, which is the text order
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.at(1_795_680_000_000L));
        }
        assertThat(ids).hasSize(10_000);
    }
}
