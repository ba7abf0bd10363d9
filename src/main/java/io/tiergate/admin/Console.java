package io.tiergate.admin;

import io.quarkus.security.identity.SecurityIdentity;
import io.tiergate.access.AccessService;
import io.tiergate.http.RequestMeta;
import io.tiergate.identity.SubjectResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** What the console's pages share: the signed-in viewer, the page frame with the time it was made. */
@RequestScoped
public class Console {

    @Inject SecurityIdentity identity;
    @Inject SubjectResolver subjects;
    @Inject AccessService access;
    @Inject RoutingContext rc;
    @Inject Clock clock;
    @Inject CsrfCheck csrf;

    public SecurityIdentity identity() {
        return identity;
    }

    public RequestMeta meta() {
        return RequestMeta.of(rc);
    }

    public Viewer viewer() {
        return new Viewer(subjects.nameOf(identity), subjects.subjectOf(identity).roles());
    }

    public AdminPage page(String section, String notice) {
        return new AdminPage(viewer(), section, access.pendingCount(), notice, csrfToken(), clock.instant());
    }

    /** This session's form token (see {@link CsrfCheck}). */
    public String csrfToken() {
        return csrf.token(rc, identity);
    }

    /** Refuses a post whose form token is not this session's (403 {@code csrf_token_invalid}). */
    public void requireCsrf(String formToken) {
        csrf.require(formToken, rc, identity);
    }
}
