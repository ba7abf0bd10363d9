package lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jboss.resteasy.reactive.RestMulti;

/** The shapes of the gateway's streamed call, each stripped to its hops: event loop, worker, JDBC commit, reactive commit, CPU. */
@Path("/")
public class RelayResource {

    private static final String INSERT_JDBC = "insert into ev(body) values (?)";
    private static final String INSERT_RX = "insert into ev(body) values ($1)";

    @Inject Upstream upstream;
    @Inject AgroalDataSource jdbc;
    @Inject Pool reactive;
    @Inject ObjectMapper json;

    /** 1. Event loop: read, call, relay. */
    @POST
    @Path("ev")
    @NonBlocking
    public RestMulti<Buffer> ev(byte[] body) {
        return relay(upstream.send(Buffer.buffer(body)));
    }

    /** 2. The gateway's shape: the handler on a worker, returning the relay. */
    @POST
    @Path("worker")
    @Blocking
    public RestMulti<Buffer> worker(byte[] body) {
        return relay(upstream.send(Buffer.buffer(body)));
    }

    /** 3. Worker, one durable JDBC INSERT (autocommit: one commit) of a ~600-byte row, then the relay. */
    @POST
    @Path("jdbc1")
    @Blocking
    public RestMulti<Buffer> jdbc1(byte[] body) {
        try (Connection c = jdbc.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT_JDBC)) {
            insert.setString(1, row(body));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return relay(upstream.send(Buffer.buffer(body)));
    }

    /** 4. Event loop only: one INSERT by the reactive client, the relay when it is committed. */
    @POST
    @Path("rx1")
    @NonBlocking
    public RestMulti<Buffer> rx1(byte[] body) {
        return relay(reactive.preparedQuery(INSERT_RX).execute(Tuple.of(row(body)))
                .onItem().transformToUni(rows -> upstream.send(Buffer.buffer(body))));
    }

    /** 5. rx1 plus ~150 us of CPU on the event loop (JSON parse and a loop), standing in for classification and policy. */
    @POST
    @Path("rx1cpu")
    @NonBlocking
    public RestMulti<Buffer> rx1cpu(byte[] body) {
        long sink = work(body);
        return relay(reactive.preparedQuery(INSERT_RX).execute(Tuple.of(row(body) + (sink == 42 ? "!" : "")))
                .onItem().transformToUni(rows -> upstream.send(Buffer.buffer(body))));
    }

    private long work(byte[] body) {
        long until = System.nanoTime() + 150_000;
        long sink = 0;
        try {
            JsonNode tree = json.readTree(body);
            sink += tree.path("messages").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (System.nanoTime() < until) {
            for (byte b : body) {
                sink = sink * 31 + b;
            }
        }
        return sink;
    }

    private static String row(byte[] body) {
        StringBuilder row = new StringBuilder(640);
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        while (row.length() < 600) {
            row.append(text);
        }
        row.setLength(600);
        return row.toString();
    }

    private static RestMulti<Buffer> relay(Uni<Upstream.Response> response) {
        return RestMulti.fromUniResponse(response, Upstream.Response::body, Upstream.Response::headers,
                Upstream.Response::status);
    }
}
