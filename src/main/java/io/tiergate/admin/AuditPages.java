package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.audit.AuditQueries;
import io.tiergate.audit.AuditRecord;
import io.tiergate.audit.ChainVerifier;
import io.tiergate.audit.rest.AuditExport;
import io.tiergate.audit.rest.AuditResource;
import io.tiergate.gate.Enforcer;
import io.tiergate.policy.AuditActions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The audit log in the console: the API's search (actor, action, resource, outcome, time range),
 * paged; the chain verification; export downloads. Every read is an {@code audit.read} decision,
 * recorded like any other.
 */
@Path(AdminPaths.ROOT + "/audit")
@RolesAllowed({"privacy-approver", "auditor"})
@Blocking
public class AuditPages {

    static final int PAGE = 50;
    static final List<String> ACTIONS = AuditActions.ALL;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(AdminPage page, AuditSearch search, List<String> actions, List<AuditRecord> events,
                Long nextBefore, ChainVerifier.Report verification);
    }

    @Inject Console console;
    @Inject Enforcer enforcer;
    @Inject AuditQueries queries;
    @Inject AuditExport export;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance search(@RestQuery String actor, @RestQuery String action, @RestQuery String resource,
            @RestQuery String outcome, @RestQuery String from, @RestQuery String to, @RestQuery Long before) {
        return page(AuditSearch.of(actor, action, resource, outcome, from, to, before), null);
    }

    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance verify(@RestForm(CsrfCheck.FIELD) String csrf) {
        console.requireCsrf(csrf);
        authorize();
        return page(AuditSearch.of(null, null, null, null, null, null, null), queries.verify());
    }

    @GET
    @Path("export")
    public Response export(@RestQuery String format, @RestQuery String actor, @RestQuery String action, @RestQuery String resource,
            @RestQuery String outcome, @RestQuery String from, @RestQuery String to) {
        AuditSearch search = AuditSearch.of(actor, action, resource, outcome, from, to, null);
        authorize();
        return export.response(search.query(), "csv".equals(format));
    }

    private TemplateInstance page(AuditSearch search, ChainVerifier.Report verification) {
        authorize();
        List<AuditRecord> events = queries.search(search.query(), PAGE);
        Long next = events.size() == PAGE ? events.get(events.size() - 1).seq() : null;
        return Templates.audit(console.page("audit", null), search, ACTIONS, events, next, verification);
    }

    private void authorize() {
        enforcer.authorize(console.identity(), AuditResource.READ, console.meta());
    }
}
