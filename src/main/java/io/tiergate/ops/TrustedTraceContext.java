package io.tiergate.ops;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;

/**
 * A caller's trace context is continued only when the caller is trusted
 * ({@code tiergate.tracing.trusted-callers}): anyone else could otherwise choose the trace id the
 * audit log records, or join their own trace to the gateway's. From an untrusted caller the
 * incoming {@code traceparent} (and baggage) is ignored and the gateway's trace starts afresh.
 */
@Singleton
public class TrustedTraceContext implements TextMapPropagatorCustomizer {

    private final List<Block> trusted;

    public TrustedTraceContext(TracingConfig config) {
        this.trusted = config.trustedCallers().orElse(List.of()).stream().map(Block::parse).toList();
    }

    @Override
    public TextMapPropagator customize(TextMapPropagatorCustomizer.Context context) {
        TextMapPropagator delegate = context.propagator();
        return new TextMapPropagator() {
            @Override
            public Collection<String> fields() {
                return delegate.fields();
            }

            @Override
            public <C> void inject(io.opentelemetry.context.Context ctx, C carrier, TextMapSetter<C> setter) {
                delegate.inject(ctx, carrier, setter);
            }

            @Override
            public <C> io.opentelemetry.context.Context extract(io.opentelemetry.context.Context ctx, C carrier, TextMapGetter<C> getter) {
                if (carrier instanceof HttpRequest request && !trusts(request.remoteAddress())) {
                    return ctx;
                }
                return delegate.extract(ctx, carrier, getter);
            }
        };
    }

    boolean trusts(SocketAddress address) {
        if (address == null || address.hostAddress() == null || trusted.isEmpty()) {
            return false;
        }
        try {
            byte[] caller = InetAddress.getByName(address.hostAddress()).getAddress();
            return trusted.stream().anyMatch(b -> b.contains(caller));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An address block: an address and the number of leading bits that must match. */
    record Block(byte[] address, int bits) {

        static Block parse(String text) {
            String[] parts = text.trim().split("/", 2);
            try {
                // Literal addresses only: InetAddress.getByName does not resolve them.
                if (!parts[0].matches("[0-9a-fA-F.:]+")) {
                    throw new IllegalStateException("tiergate.tracing.trusted-callers: '" + text + "' is not an IP address or CIDR block");
                }
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalStateException("tiergate.tracing.trusted-callers: bad prefix length in '" + text + "'");
                }
                return new Block(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalStateException("tiergate.tracing.trusted-callers: '" + text + "' is not an IP address or CIDR block");
            }
        }

        boolean contains(byte[] caller) {
            if (caller.length != address.length) {
                return false;
            }
            int shift = address.length * 8 - bits;
            return new BigInteger(1, caller).shiftRight(shift).equals(new BigInteger(1, address).shiftRight(shift));
        }
    }
}
