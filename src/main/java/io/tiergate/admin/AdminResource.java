package io.tiergate.admin;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.tiergate.audit.AuditEvent;
import io.tiergate.audit.AuditQueries;
import io.tiergate.catalog.Catalog;
import io.tiergate.catalog.Dataset;
import io.tiergate.catalog.LlmRoute;
import io.tiergate.http.RequestMeta;
import io.tiergate.identity.SubjectResolver;
import io.tiergate.policy.Enforcer;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.Resource;
import io.tiergate.policy.PolicyInput.ResourceKind;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The privacy team's web UI: server-rendered pages behind the authorization-code sign-in.
 * Only privacy approvers and auditors get in; what they may do on each page is still the
 * policy's decision, taken and recorded like any other.
 */
@Path(AdminPaths.ROOT)
@RolesAllowed({"privacy-approver", "auditor"})
@Produces(MediaType.TEXT_HTML)
@Blocking
public class AdminResource {

    static final List<String> ACTIONS = java.util.Arrays.stream(Action.values()).map(Action::json).toList();

    static final Resource AUDIT_LOG = new Resource(ResourceKind.AUDIT_LOG, "audit-log", 2, "privacy-team", Map.of());

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance catalog(Viewer viewer, String section, Collection<Dataset> datasets,
                Collection<LlmRoute> routes);

        static native TemplateInstance audit(Viewer viewer, String section, AuditSearch search, List<String> actions,
                List<AuditEvent> events);
    }

    private final SecurityIdentity identity;
    private final SubjectResolver subjects;
    private final Catalog catalog;
    private final Enforcer enforcer;
    private final AuditQueries audit;

    public AdminResource(SecurityIdentity identity, SubjectResolver subjects, Catalog catalog, Enforcer enforcer,
            AuditQueries audit) {
        this.identity = identity;
        this.subjects = subjects;
        this.catalog = catalog;
        this.enforcer = enforcer;
        this.audit = audit;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create(AdminPaths.ROOT + "/catalog")).build();
    }

    @GET
    @Path("signed-in")
    public Response signedIn() {
        return home();
    }

    @GET
    @Path("catalog")
    public TemplateInstance catalog() {
        return Templates.catalog(viewer(), "catalog", catalog.datasets(), catalog.routes());
    }

    @GET
    @Path("audit")
    public TemplateInstance audit(@RestQuery String subject, @RestQuery String action, @RestQuery String resource,
            @RestQuery String outcome, RoutingContext rc) {
        AuditSearch search = AuditSearch.of(subject, action, resource, outcome);
        enforcer.authorize(identity, new Enforcer.Access(Action.AUDIT_READ, AUDIT_LOG, Content.none(), "audit", Set.of()),
                RequestMeta.of(rc));
        return Templates.audit(viewer(), "audit", search, ACTIONS, audit.recent(search.filter(), 100));
    }

    private Viewer viewer() {
        return Viewer.of(identity, subjects);
    }
}
