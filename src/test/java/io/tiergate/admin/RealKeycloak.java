package io.tiergate.admin;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.tiergate.testing.KeycloakResource;
import io.tiergate.testing.PostgresResource;
import io.tiergate.testing.UpstreamStubResource;
import java.util.List;

/** Browser tests sign in through a real Keycloak, for the admin UI and for the developer's API tokens alike. */
public class RealKeycloak implements QuarkusTestProfile {

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class), new TestResourceEntry(UpstreamStubResource.class),
                new TestResourceEntry(KeycloakResource.class));
    }
}
