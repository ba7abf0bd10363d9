package io.tiergate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tiergate.http.ProblemException;
import io.tiergate.http.ProblemResponses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A greedy caller cannot take the gateway from the others (docs/RELIABILITY.md, "Greedy clients"):
 * each credential (the bearer token as sent) has at most {@code concurrency} proxied calls in the
 * gateway at once, a stream counting until it ends; more of its calls wait in a bounded queue,
 * before their body is read and without a thread, and are refused with 429 when it is full or
 * their wait is over. A call refused because the queue is full is answered only after
 * {@code refusal-delay}, on a timer: a client that resends at once on every refusal (as load tools
 * and naive retry loops do) is held to one refusal per connection and delay, instead of thousands a
 * second that each cost the gateway a request's parsing and answer.
 *
 * <p>The gateway as a whole shares {@code shared-capacity} calls in progress: once that many are in
 * progress, a caller's next call starts only while the caller has fewer than its equal part of
 * them (the capacity over the callers with calls in progress), and a freed slot goes to the waiting
 * callers in turn. A caller that keeps hundreds of calls open thereby gets what the others leave,
 * never the others' part; alone, it gets the smaller of {@code concurrency} and the shared capacity.
 *
 * <p>It runs before authentication (so that a waiting call costs nothing): a credential is only a
 * key here; a forged one gets its own slots, never another caller's, and is refused 401 once admitted.
 */
@Singleton
public class CallerLimit {

    /** How many proxied calls one credential may have in the gateway, and how many may wait. */
    @ConfigMapping(prefix = "tiergate.callers")
    public interface Config {

        /** Proxied calls (LLM routes, dataset reads) one credential may have in progress at once; a stream counts until it ends. */
        @WithDefault("64")
        @Min(1)
        int concurrency();

        /** Calls of one credential that may wait for a slot; past it a call is refused at once (429). */
        @WithDefault("1024")
        @Min(0)
        int queue();

        /** Longest a call waits for a slot before it is refused (429). */
        @WithDefault("30s")
        Duration queueTimeout();

        /**
         * How long a call refused because its caller's queue is full waits for its 429 (the
         * {@code Retry-After} it carries is one second); 0 answers at once.
         */
        @WithDefault("1s")
        Duration refusalDelay();

        /**
         * Proxied calls in progress, over all callers, past which each caller is held to its equal
         * part of them; default 16 per available processor.
         */
        Optional<@Min(1) Integer> sharedCapacity();
    }

    private final Vertx vertx;
    private final int concurrency;
    private final int queue;
    private final long queueTimeoutMillis;
    private final long refusalDelayMillis;
    private final int sharedCapacity;
    /** The slots of each credential with calls in progress or waiting (a credential with neither has no entry); guarded by {@code this}. */
    private final Map<String, Slots> callers = new HashMap<>();
    /** The callers with waiting calls, in the order they are next served; guarded by {@code this}. */
    private final ArrayDeque<Slots> queued = new ArrayDeque<>();
    /** Calls in progress over all callers, and the callers with at least one; guarded by {@code this}. */
    private int inProgress;
    private int activeCallers;

    private final ObjectMapper mapper;

    public CallerLimit(Vertx vertx, Config config, ObjectMapper mapper) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.concurrency = config.concurrency();
        this.queue = config.queue();
        this.queueTimeoutMillis = Math.max(1, config.queueTimeout().toMillis());
        this.refusalDelayMillis = Math.max(0, config.refusalDelay().toMillis());
        this.sharedCapacity = config.sharedCapacity().orElse(16 * Runtime.getRuntime().availableProcessors());
    }

    void register(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) Router router) {
        // with the request ids, just after them (a later observer, the same route order), before any
        // body is read and before authentication
        router.route("/llm/*").order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::admit);
        router.route("/datasets/*").order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::admit);
    }

    /** Calls in progress for a credential. */
    synchronized int inProgress(String authorization) {
        Slots slots = callers.get(authorization);
        return slots == null ? 0 : slots.active;
    }

    /** Calls of a credential waiting for a slot. */
    synchronized int waiting(String authorization) {
        Slots slots = callers.get(authorization);
        return slots == null ? 0 : slots.waiting.size();
    }

    private void admit(RoutingContext rc) {
        String key = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        Call call = new Call(key == null ? "" : key, rc, Vertx.currentContext());
        boolean now;
        boolean full = false;
        synchronized (this) {
            Slots slots = callers.computeIfAbsent(call.key, Slots::new);
            // behind its own waiting calls, a call waits too: its caller's calls start in arrival order
            now = slots.waiting.isEmpty() && mayStart(slots);
            if (now) {
                start(slots);
                call.state.set(Call.GRANTED);
            } else if (slots.waiting.size() < queue) {
                if (slots.waiting.isEmpty()) {
                    queued.add(slots);
                }
                slots.waiting.add(call);
            } else {
                full = true;
                forgetIfIdle(slots);
            }
        }
        if (full) {
            refuseLater(rc, "Too many calls of this caller are waiting already.");
            return;
        }
        rc.addEndHandler(ended -> call.finished());
        if (now) {
            rc.next();
        } else {
            call.timer = vertx.setTimer(queueTimeoutMillis, t -> call.timedOut());
        }
    }

    /**
     * Whether one more call of this caller may start: under its own limit, and, once the gateway's
     * shared capacity is in use, under its equal part of it (a caller without calls in progress
     * always may: it is one more among those sharing).
     */
    private boolean mayStart(Slots slots) {
        if (slots.active >= concurrency) {
            return false;
        }
        if (inProgress < sharedCapacity || slots.active == 0) {
            return true;
        }
        return slots.active < Math.max(1, sharedCapacity / activeCallers);
    }

    private void start(Slots slots) {
        if (slots.active++ == 0) {
            activeCallers++;
        }
        inProgress++;
    }

    /** A call of {@code key} ended: its slot goes to the waiting callers in turn, as far as they may start. */
    private void release(String key) {
        synchronized (this) {
            Slots slots = callers.get(key);
            inProgress--;
            if (--slots.active == 0) {
                activeCallers--;
            }
            grantWaiting();
            forgetIfIdle(slots);
        }
    }

    /**
     * Starts waiting calls, one per caller in turn, while a caller in the turn may start one; a
     * caller that may not (at its limit or its part) keeps its place in the turn.
     */
    private void grantWaiting() {
        int unable = 0;
        while (!queued.isEmpty() && unable < queued.size()) {
            Slots slots = queued.poll();
            if (!mayStart(slots)) {
                queued.add(slots);
                unable++;
                continue;
            }
            unable = 0;
            Call next;
            do {
                next = slots.waiting.poll();
            } while (next != null && !next.grant());
            if (next != null) {
                start(slots);
            }
            if (!slots.waiting.isEmpty()) {
                queued.add(slots);
            } else {
                forgetIfIdle(slots);
            }
        }
    }

    private void dequeue(Call call) {
        synchronized (this) {
            Slots slots = callers.get(call.key);
            if (slots != null && slots.waiting.remove(call)) {
                if (slots.waiting.isEmpty()) {
                    queued.remove(slots);
                }
                forgetIfIdle(slots);
            }
        }
    }

    /** Drops the entry of a caller with nothing in progress and nothing waiting. */
    private void forgetIfIdle(Slots slots) {
        if (slots.active == 0 && slots.waiting.isEmpty()) {
            callers.remove(slots.key);
        }
    }

    /** Refuses after {@link #refusalDelayMillis}, unless the client has gone meanwhile. */
    private void refuseLater(RoutingContext rc, String why) {
        if (refusalDelayMillis == 0) {
            refuse(rc, why);
            return;
        }
        vertx.setTimer(refusalDelayMillis, t -> {
            if (!rc.response().ended() && !rc.response().closed()) {
                refuse(rc, why);
            }
        });
    }

    private void refuse(RoutingContext rc, String why) {
        ProblemException problem = new ProblemException(429, "too_many_concurrent_calls", "Too many concurrent calls",
                why + " Wait for your calls in progress to end, or spread the load over time.");
        rc.response().putHeader("Retry-After", "1");
        ProblemResponses.end(rc, problem, mapper);
    }

    /** One credential's calls: how many are in progress, and those waiting in arrival order. */
    private static final class Slots {
        final String key;
        int active;
        final ArrayDeque<Call> waiting = new ArrayDeque<>();

        Slots(String key) {
            this.key = key;
        }
    }

    /** One call: waiting, granted a slot, or done. */
    private final class Call {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int DONE = 2;

        final String key;
        final RoutingContext rc;
        final Context context;
        final AtomicInteger state = new AtomicInteger(WAITING);
        volatile long timer = -1;

        Call(String key, RoutingContext rc, Context context) {
            this.key = key;
            this.rc = rc;
            this.context = context;
        }

        /** Takes a slot that another call freed: false when this call has gone meanwhile. */
        boolean grant() {
            if (!state.compareAndSet(WAITING, GRANTED)) {
                return false;
            }
            vertx.cancelTimer(timer);
            context.runOnContext(v -> rc.next());
            return true;
        }

        void timedOut() {
            if (state.compareAndSet(WAITING, DONE)) {
                dequeue(this);
                refuse(rc, "This caller's calls in progress did not end in time for this one to start.");
            }
        }

        /** The response ended or the connection closed. */
        void finished() {
            int was = state.getAndSet(DONE);
            if (was == GRANTED) {
                release(key);
            } else if (was == WAITING) {
                vertx.cancelTimer(timer);
                dequeue(this);
            }
        }
    }
}
