package io.tiergate.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The deadlines of one HTTP/1 connection, between Netty's request decoder and Vert.x: the request
 * head must be complete within the header timeout (from the accept, or from the first byte after a
 * kept-alive wait), a kept-alive connection must start its next request within the keep-alive
 * timeout, and a request's body must have arrived within the body timeout of its head. The time the
 * gateway spends answering (the upstream's time) is under no deadline here, and only time in which
 * the gateway was reading counts: while Vert.x holds the connection paused (back-pressure), the
 * caller cannot send and is not charged.
 */
final class DeadlineHandler extends ChannelDuplexHandler {

    private static final Logger LOG = Logger.getLogger(DeadlineHandler.class);
    /** Longest step of the clock that counts the reading time of a phase. */
    private static final long TICK_MILLIS = 1_000;

    /** What the connection waits for; each phase but {@code HANDLING} has its deadline. */
    enum Phase {
        /** The head of a request (fresh connection, or bytes arrived after a kept-alive wait). */
        HEAD,
        /** The first byte of the next request on a kept-alive connection. */
        IDLE,
        /** The rest of a request's body. */
        BODY,
        /** The gateway's answer: no deadline. */
        HANDLING
    }

    private final ConnectionDeadlines.Limits limits;
    private Phase phase;
    private boolean headBytes;
    private boolean readMessages;
    private long budgetMillis;
    private long spentMillis;
    private long sliceMillis;
    private ScheduledFuture<?> tick;
    private long requests;
    private long bodies;
    private long responses;

    DeadlineHandler(ConnectionDeadlines.Limits limits) {
        this.limits = limits;
    }

    Phase phase() {
        return phase;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        enter(ctx, Phase.HEAD, limits.headerMillis());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
            // Netty could not read the head: answered here as problem+json (Vert.x would send an empty 414/431/400)
            ReferenceCountUtil.release(msg);
            refuseUnreadableHead(ctx, request.decoderResult().cause());
            return;
        }
        readMessages = true;
        if (msg instanceof HttpRequest) {
            requests++;
        }
        if (msg instanceof LastHttpContent) {
            bodies++;
        }
        if (msg instanceof HttpRequest || msg instanceof LastHttpContent) {
            follow(ctx);
        }
        // the state is up to date before Vert.x sees the message, and may answer it at once
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!readMessages) {
            // bytes that did not complete a head (the decoder holds them)
            if (phase == Phase.IDLE) {
                enter(ctx, Phase.HEAD, limits.headerMillis());
            }
            if (phase == Phase.HEAD) {
                headBytes = true;
            }
        }
        readMessages = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                // no longer HTTP/1 requests on this connection: nothing left to time here
                cancel();
                ctx.pipeline().remove(this);
                ctx.write(msg, promise);
                return;
            }
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise); // 100 Continue ends no response
                return;
            }
        }
        if (msg instanceof LastHttpContent) {
            responses++;
            follow(ctx);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** The phase that the counts of heads, bodies and answers put the connection in. */
    private void follow(ChannelHandlerContext ctx) {
        if (bodies < requests) {
            if (phase != Phase.BODY) {
                enter(ctx, Phase.BODY, limits.bodyMillis());
            }
        } else if (responses < requests) {
            cancel();
            phase = Phase.HANDLING;
        } else if (phase != Phase.IDLE) {
            enter(ctx, Phase.IDLE, limits.keepAliveMillis());
        }
    }

    private void enter(ChannelHandlerContext ctx, Phase next, long budget) {
        cancel();
        phase = next;
        headBytes = false;
        budgetMillis = budget;
        spentMillis = 0;
        schedule(ctx);
    }

    private void schedule(ChannelHandlerContext ctx) {
        sliceMillis = Math.min(TICK_MILLIS, budgetMillis - spentMillis);
        Phase timed = phase;
        tick = ctx.executor().schedule(() -> onTick(ctx, timed), sliceMillis, TimeUnit.MILLISECONDS);
    }

    private void onTick(ChannelHandlerContext ctx, Phase timed) {
        if (phase != timed || !ctx.channel().isActive()) {
            return;
        }
        if (ctx.channel().config().isAutoRead()) {
            spentMillis += sliceMillis;
        }
        if (spentMillis < budgetMillis) {
            schedule(ctx);
        } else {
            expire(ctx);
        }
    }

    /** A request line or header section too long, or not HTTP: its problem, then the connection is closed. */
    private void refuseUnreadableHead(ChannelHandlerContext ctx, Throwable cause) {
        cancel();
        HttpResponseStatus status;
        String code;
        String title;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            code = "uri_too_long";
            title = "Request line too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            code = "headers_too_large";
            title = "Request headers too large";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            code = "bad_request";
            title = "Malformed HTTP request";
        }
        LOG.debugf("refusing a request from %s: %s", ctx.channel().remoteAddress(), cause.getMessage());
        answerAndClose(ctx, status, code, title);
    }

    /** Answers with a problem document (no request reached Vert.x, so no request id) and closes the connection. */
    private static void answerAndClose(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String title) {
        byte[] body = ("{\"type\":\"" + Problem.typeOf(code) + "\",\"title\":\"" + title + "\",\"status\":" + status.code()
                + ",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void expire(ChannelHandlerContext ctx) {
        tick = null;
        LOG.debugf("closing %s: no %s within %d ms", ctx.channel().remoteAddress(), phase, budgetMillis);
        if (phase == Phase.HEAD && headBytes) {
            // a request was begun: its answer is a 408 (none for a connection that sent nothing,
            // which a client could take for the answer to a request it is sending just now)
            answerAndClose(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout", "Request not received in time");
        } else {
            ctx.close();
        }
    }

    private void cancel() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }
}
