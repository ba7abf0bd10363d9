package io.tiergate.admin;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Whether the browser reached the console over HTTPS: the configured public URL is {@code https},
 * the connection itself is TLS, or a trusted proxy (a TLS-terminating ingress) says so in
 * {@code X-Forwarded-Proto}. The header of anyone but a configured proxy is ignored, so a client
 * cannot talk the gateway out of (or into) Secure cookies.
 */
@ApplicationScoped
class ConsoleTransport {

    private final boolean publicHttps;
    private final List<Range> trusted;

    ConsoleTransport(ConsoleConfig config) {
        this.publicHttps = config.publicUrl().map(u -> "https".equalsIgnoreCase(u.getScheme())).orElse(false);
        this.trusted = config.trustedProxies().orElse(List.of()).stream().map(Range::parse).toList();
    }

    boolean isHttps(RoutingContext rc) {
        if (publicHttps || rc.request().isSSL()) {
            return true;
        }
        String proto = rc.request().getHeader("X-Forwarded-Proto");
        if (proto == null || trusted.isEmpty()) {
            return false;
        }
        // the socket's peer, never an address a header named
        SocketAddress peer = rc.request().connection().remoteAddress();
        String first = proto.split(",", 2)[0].trim();
        return "https".equalsIgnoreCase(first) && peer != null && peer.hostAddress() != null
                && trusted.stream().anyMatch(r -> r.contains(peer.hostAddress()));
    }

    /** An address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.2}). */
    record Range(byte[] network, int bits) {

        static Range parse(String text) {
            String[] parts = text.trim().split("/", 2);
            byte[] address = literal(parts[0]);
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("tiergate.console.trusted-proxies: bad prefix length in " + text);
            }
            return new Range(address, bits);
        }

        boolean contains(String host) {
            byte[] address;
            try {
                address = literal(host);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** The bytes of an IP literal; never a DNS lookup. */
        private static byte[] literal(String text) {
            String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (!t.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-zA-Z0-9]*")) {
                throw new IllegalArgumentException("tiergate.console.trusted-proxies: not an IP address: " + text);
            }
            try {
                return InetAddress.getByName(t).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("tiergate.console.trusted-proxies: not an IP address: " + text, e);
            }
        }
    }
}
