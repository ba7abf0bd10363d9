package io.tiergate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.tiergate.access.AccessViews.GrantFilter;
import io.tiergate.access.AccessViews.GrantView;
import io.tiergate.access.AccessViews.Page;
import io.tiergate.gate.AccessDeniedException;
import io.tiergate.http.RequestMeta;
import io.tiergate.testing.GrantRows;
import io.tiergate.testing.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The grant list the console and the API read: filtered and paged in the query, newest first, every grant once. */
@QuarkusTest
class GrantListTest {

    static final RequestMeta META = new RequestMeta("grant-list-test", null, null);

    @Inject
    AccessService access;

    private static SecurityIdentity as(String name, String role) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole(role).build();
    }

    private Page<GrantView> grants(GrantFilter filter, int offset, int limit) {
        return access.grants(as("priya", "privacy-approver"), META, filter, offset, limit);
    }

    private static List<String> ids(Page<GrantView> page) {
        return page.items().stream().map(GrantView::id).toList();
    }

    private static String fresh() {
        return "holder-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void pagesNewestFirstWithNeitherGapsNorRepeats() {
        String holder = fresh();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            newestFirst.add(0, GrantRows.active(holder, "tickets", 70 - i).toString());
        }
        GrantFilter filter = new GrantFilter(holder, null, true);

        Page<GrantView> first = grants(filter, 0, 3);
        Page<GrantView> second = grants(filter, 3, 3);
        Page<GrantView> last = grants(filter, 6, 3);

        assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(3, 6));
        assertThat(ids(last)).containsExactlyElementsOf(newestFirst.subList(6, 7));
        assertThat(List.of(first.more(), second.more(), last.more())).containsExactly(true, true, false);
        assertThat(grants(filter, 0, 7).more()).as("exactly a page: nothing follows").isFalse();
        assertThat(grants(filter, 7, 3).items()).isEmpty();
    }

    @Test
    void filtersByHolderResourceAndStateInTheQuery() {
        String holder = fresh();
        String other = fresh();
        Instant now = Instant.now();
        String activeTickets = GrantRows.active(holder, "tickets", 10).toString();
        String activePayroll = GrantRows.active(holder, "payroll", 20).toString();
        String revokedTickets = GrantRows.insert(holder, "tickets", now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofDays(1)), true)
                .toString();
        String expiredTickets = GrantRows.insert(holder, "tickets", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), false)
                .toString();
        GrantRows.active(other, "tickets", 5);

        assertThat(ids(grants(new GrantFilter(holder, null, true), 0, 50))).containsExactly(activeTickets, activePayroll);
        assertThat(ids(grants(new GrantFilter(holder, "tickets", true), 0, 50))).containsExactly(activeTickets);
        assertThat(ids(grants(new GrantFilter(holder, "tickets", false), 0, 50)))
                .containsExactly(activeTickets, revokedTickets, expiredTickets);
        assertThat(ids(grants(new GrantFilter(Tokens.key(holder), null, false), 0, 50)))
                .as("the holder by key finds what the username finds")
                .containsExactly(activeTickets, activePayroll, revokedTickets, expiredTickets);
        Page<GrantView> firstTwo = grants(new GrantFilter(holder, null, false), 0, 2);
        assertThat(ids(firstTwo)).containsExactly(activeTickets, activePayroll);
        assertThat(firstTwo.more()).isTrue();
        assertThat(grants(new GrantFilter(null, "tickets", true), 0, 500).items()).extracting(GrantView::resource)
                .allSatisfy(r -> assertThat(r.name()).isEqualTo("tickets"));
    }

    @Test
    void developersDoNotReadTheGrantList() {
        assertThatThrownBy(() -> access.grants(as("dana", "developer"), META, new GrantFilter(null, null, true), 0, 10))
                .isInstanceOf(AccessDeniedException.class);
    }
}
