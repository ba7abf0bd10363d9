package io.tiergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.access.AccessViews.GrantFilter;
import org.junit.jupiter.api.Test;

/** The grant list's page links keep its filters, so that the next page is the next page of the same list. */
class GrantPagesLinkTest {

    @Test
    void pageLinksCarryEveryFilterEncoded() {
        assertThat(GrantPages.link(new GrantFilter("https://id.example/realms/x#sub-1", "tickets", false), 2))
                .isEqualTo("/admin/grants?subject=https%3A%2F%2Fid.example%2Frealms%2Fx%23sub-1&resource=tickets&show=all&page=2");
    }

    @Test
    void activeOnlyIsTheDefaultAndLeavesOutWhatIsUnset() {
        assertThat(GrantPages.link(new GrantFilter(null, null, true), 1)).isEqualTo("/admin/grants?page=1");
    }

    @Test
    void pageNumbersAreNeverNegativeAndTheirOffsetFitsAnInt() {
        assertThat(AdminPaths.pageNumber(null, GrantPages.PAGE)).isZero();
        assertThat(AdminPaths.pageNumber(-3, GrantPages.PAGE)).isZero();
        assertThat(AdminPaths.pageNumber(4, GrantPages.PAGE)).isEqualTo(4);
        assertThat((long) AdminPaths.pageNumber(Integer.MAX_VALUE, GrantPages.PAGE) * GrantPages.PAGE + GrantPages.PAGE)
                .isLessThanOrEqualTo(Integer.MAX_VALUE);
    }
}
