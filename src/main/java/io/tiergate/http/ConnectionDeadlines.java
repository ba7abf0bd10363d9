package io.tiergate.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.lang.reflect.Field;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deadlines Vert.x does not keep by itself (docs/RELIABILITY.md, "Slow and idle clients"): Vert.x
 * hands a request to the gateway only once its head is complete, so a client that trickles its
 * headers, or its body, would hold a connection for as long as it likes. Every accepted HTTP/1
 * connection gets a {@link DeadlineHandler} in its Netty pipeline, right before Vert.x's own
 * handler, that closes it when the caller is too slow; {@code quarkus.http.idle-timeout} still
 * closes any connection on which nothing moves at all.
 *
 * <p>Vert.x has no public hook at the accept (Quarkus owns the server's connection handler), so the
 * handler is added from the listening Netty channel, reached through the bound server. HTTP/2 in
 * clear text (h2c) is switched off: its connections would get no deadlines; callers and ingresses
 * speak HTTP/1.1 to the gateway.
 */
@Singleton
public class ConnectionDeadlines implements HttpServerOptionsCustomizer {

    /** How long a client may take over the parts of a request it sends. */
    @ConfigMapping(prefix = "tiergate.http")
    public interface Config {

        /** Longest a request's head may take to arrive: from the accept, or from its first byte on a kept-alive connection. */
        @WithDefault("10s")
        Duration headerTimeout();

        /** Longest a kept-alive connection may wait for the first byte of its next request. */
        @WithDefault("10s")
        Duration keepAliveTimeout();

        /** Longest a request's body may take to arrive after its head (the gateway's reading time only, not its answering). */
        @WithDefault("20s")
        Duration bodyTimeout();
    }

    /** The deadlines in milliseconds, as the Netty handler uses them. */
    record Limits(long headerMillis, long keepAliveMillis, long bodyMillis) {
    }

    static final String ACCEPT_HOOK = "tiergate-accept-deadlines";
    static final String HANDLER = "tiergate-deadlines";
    private static final String INSTALLER = "tiergate-deadlines-installer";
    /** Vert.x's names for its HTTP/1 request decoder and its connection handler in the pipeline. */
    private static final String VERTX_DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";
    private static final Logger LOG = Logger.getLogger(ConnectionDeadlines.class);

    private final Vertx vertx;
    private final Limits limits;

    public ConnectionDeadlines(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.limits = new Limits(millis(config.headerTimeout()), millis(config.keepAliveTimeout()), millis(config.bodyTimeout()));
    }

    private static long millis(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("tiergate.http timeouts must be positive, got " + d);
        }
        return d.toMillis();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }

    /** Once a server listens (told just after): every connection it accepts from then on gets its deadlines. */
    synchronized void onListening(@ObservesAsync HttpServerStart started) {
        ((VertxInternal) vertx).sharedHttpServers().forEach((id, server) -> {
            Channel listening = listeningChannel(server);
            if (listening == null) {
                LOG.errorf("no connection deadlines on %s: its listening channel cannot be reached in this Vert.x version", id);
            } else if (listening.pipeline().get(ACCEPT_HOOK) == null) {
                listening.pipeline().addFirst(ACCEPT_HOOK, new AcceptHook(limits));
                LOG.debugf("connection deadlines on %s: %s", id, limits);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Channel listeningChannel(TCPServerBase server) {
        try {
            Field bind = TCPServerBase.class.getDeclaredField("bindFuture");
            bind.setAccessible(true);
            Future<Channel> bound = (Future<Channel>) bind.get(server);
            return bound != null && bound.succeeded() ? bound.result() : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("listening channel not reachable", e);
            return null;
        }
    }

    /** On the listening channel: each accepted connection gets the installer first in its pipeline. */
    @ChannelHandler.Sharable
    static final class AcceptHook extends ChannelInboundHandlerAdapter {
        private final Limits limits;

        AcceptHook(Limits limits) {
            this.limits = limits;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                accepted.pipeline().addFirst(INSTALLER, new Installer(limits));
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Decides when the connection becomes active, by which time Vert.x has laid out its pipeline
     * for a clear-text HTTP/1 connection: puts the deadline handler right after the request decoder
     * and leaves. A connection laid out later (TLS, h2c: not offered on the callers' port) keeps no
     * deadlines but {@code quarkus.http.idle-timeout}.
     */
    static final class Installer extends ChannelInboundHandlerAdapter {
        private final Limits limits;

        Installer(Limits limits) {
            this.limits = limits;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ChannelPipeline pipeline = ctx.pipeline();
            if (pipeline.get(VERTX_DECODER) != null && pipeline.get(VERTX_HANDLER) != null && pipeline.get(HANDLER) == null) {
                pipeline.addBefore(VERTX_HANDLER, HANDLER, new DeadlineHandler(limits));
            }
            pipeline.remove(this);
            ctx.fireChannelActive();
        }
    }
}
