package io.tiergate.admin;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** How the privacy console is reached (docs/ADMIN.md, "Cookies, CSRF and sign-out"). */
@ConfigMapping(prefix = "tiergate.console")
public interface ConsoleConfig {

    /** The console's public URL as browsers see it; {@code https} makes its cookies {@code Secure} whatever the hop to the gateway. */
    Optional<URI> publicUrl();

    /**
     * Addresses or CIDR ranges of the proxies (the ingress controller) whose {@code X-Forwarded-Proto}
     * is believed; from anyone else the header is ignored.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Key of the console's CSRF tokens (at least 32 characters), the same on every instance; default a
     * key derived from the console's OIDC client secret.
     */
    Optional<String> csrfSecret();
}
