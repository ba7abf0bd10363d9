package io.tiergate.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface of the gateway under test (health checks, metrics), on its own free port. */
public final class Management {

    private Management() {
    }

    /** The port it listens on in this test run. */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** A REST Assured request to the management interface. */
    public static RequestSpecification request() {
        return given().port(port());
    }
}
