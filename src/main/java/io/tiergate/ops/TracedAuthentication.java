package io.tiergate.ops;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

/**
 * A span {@code tiergate.authenticate} around each authentication (token verification by the OIDC
 * mechanism, or the admin console's session), while tracing is on; off, the call passes straight
 * through.
 */
@Decorator
@Priority(10)
public abstract class TracedAuthentication implements HttpAuthenticationMechanism {

    @Inject
    @Delegate
    @Any
    HttpAuthenticationMechanism delegate;

    @Inject
    Telemetry telemetry;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!telemetry.tracing()) {
            return delegate.authenticate(context, identityProviderManager);
        }
        return Uni.createFrom().deferred(() -> {
            Span span = telemetry.start("tiergate.authenticate", SpanKind.INTERNAL);
            return delegate.authenticate(context, identityProviderManager)
                    .onItemOrFailure().invoke((identity, failure) -> {
                        span.setAttribute("tiergate.authenticated", identity != null && !identity.isAnonymous());
                        Telemetry.end(span, failure);
                    })
                    .onCancellation().invoke(() -> Telemetry.end(span, null));
        });
    }
}
