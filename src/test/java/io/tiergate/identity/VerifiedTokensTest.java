package io.tiergate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.tiergate.testing.TestClock;
import java.security.Principal;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    final TestClock clock = new TestClock();
    final SecurityIdentity alice = QuarkusSecurityIdentity.builder().setPrincipal((Principal) () -> "alice").build();

    long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void servesAVerifiedTokenUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 100, 3600);
        tokens.remember("t1", "Default", "k1", now() + 60, alice);
        assertThat(tokens.find("t1", "Default")).contains(alice);
        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.find("t1", "Default")).contains(alice);
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.find("t1", "Default")).isEmpty();
    }

    @Test
    void servesNoLongerThanTheMaximumAgeHoweverLongTheTokenLives() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 100, 120);
        tokens.remember("t1", "Default", "k1", now() + 86_400, alice);
        clock.advance(Duration.ofSeconds(119));
        assertThat(tokens.find("t1", "Default")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.find("t1", "Default")).isEmpty();
    }

    @Test
    void dropsTheTokensOfAWithdrawnSigningKey() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 100, 3600);
        tokens.remember("t1", "Default", "old-key", now() + 600, alice);
        tokens.remember("t2", "Default", "new-key", now() + 600, alice);
        assertThat(tokens.retainKeys(Set.of("new-key"))).isEqualTo(1);
        assertThat(tokens.find("t1", "Default")).isEmpty();
        assertThat(tokens.find("t2", "Default")).isPresent();
    }

    @Test
    void aTokenIsServedOnlyInTheTenantThatVerifiedIt() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 100, 3600);
        tokens.remember("t1", "Default", "k1", now() + 600, alice);
        assertThat(tokens.find("t1", "admin")).isEmpty();
        assertThat(tokens.find("t2", "Default")).isEmpty();
    }

    @Test
    void keepsNothingWithoutAKeyIdOrAFutureExpiry() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 100, 3600);
        tokens.remember("no-kid", "Default", null, now() + 600, alice);
        tokens.remember("expired", "Default", "k1", now(), alice);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aFullCacheMakesRoomOnlyByDroppingExpiredEntries() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 2, 3600);
        tokens.remember("short", "Default", "k1", now() + 10, alice);
        tokens.remember("long", "Default", "k1", now() + 600, alice);
        tokens.remember("refused", "Default", "k1", now() + 600, alice);
        assertThat(tokens.find("refused", "Default")).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        tokens.remember("admitted", "Default", "k1", now() + 600, alice);
        assertThat(tokens.find("admitted", "Default")).isPresent();
        assertThat(tokens.find("long", "Default")).isPresent();
    }
}
