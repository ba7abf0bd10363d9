package io.tiergate.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The external processes every {@code @QuarkusTest} shares, started once for the whole run:
 * PostgreSQL, an OPA server, the test OIDC provider, the upstream stand-ins and the audit
 * checkpoint keys.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OpaServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStubResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CheckpointKeyResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {
    }
}
