import java.sql.*;
import java.util.*;

/** c=1 INSERT + COMMIT latency from Java (pgjdbc): the audit row with its indexes and chain trigger against a one-column row (bench/audit/commit-latency.sh). */
public class CommitLatency {
    public static void main(String[] a) throws Exception {
        String url = a[0];
        int n = Integer.parseInt(a[1]);
        try (Connection c = DriverManager.getConnection(url, "tiergate", "tiergate")) {
            try (Statement s = c.createStatement()) {
                s.execute("drop table if exists j_plain, j_audit, j_head cascade");
                s.execute("create table j_plain (n bigint)");
                s.execute("""
                    create table j_audit (
                    seq bigint primary key, event_id uuid not null unique, occurred_at timestamptz not null, kind text not null,
                    request_id text, trace_id text, subject_id text not null, subject_type text not null, subject_name text,
                    action text not null, resource_kind text not null, resource_name text not null, resource_tier smallint,
                    content_tier smallint, findings jsonb not null default '[]', purpose text not null default '', allowed boolean,
                    outcome text not null, reasons text[] not null default '{}', target_id text, details text not null default '',
                    policy_engine text, policy_revision text, client_request_id text, obligations text,
                    hash_form text not null, prev_hash text not null, hash text not null)""");
                for (String idx : List.of("occurred_at", "subject_id, seq", "resource_name, seq", "request_id")) {
                    s.execute("create index on j_audit (" + idx + ")");
                }
                s.execute("create index on j_audit (subject_name, occurred_at) where subject_name is not null");
                s.execute("create table j_head (id smallint primary key, seq bigint not null, hash text not null)");
                s.execute("insert into j_head values (1, 0, repeat('0', 64))");
                s.execute("""
                    create function j_extend() returns trigger language plpgsql as $$
                    declare head j_head;
                    begin
                        select * into head from j_head where id = 1 for update;
                        if new.seq <> head.seq + 1 or new.prev_hash <> head.hash then
                            raise exception 'does not extend the chain' using errcode = 'integrity_constraint_violation';
                        end if;
                        update j_head set seq = new.seq, hash = new.hash where id = 1;
                        return new;
                    end $$""");
                s.execute("create trigger j_extends before insert on j_audit for each row execute function j_extend()");
            }
            String insert = """
                insert into j_audit (seq, event_id, occurred_at, kind, request_id, trace_id, subject_id, subject_type,
                    subject_name, action, resource_kind, resource_name, resource_tier, content_tier, findings, purpose, allowed, outcome,
                    reasons, target_id, details, policy_engine, policy_revision, client_request_id, obligations, hash_form,
                    prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
            long[] seq = {0};
            String[] prev = {"0".repeat(64)};
            Map<String, List<Long>> lat = new LinkedHashMap<>();
            String[] variants = {"plain", "audit", "audit-notimeout", "audit-fresh-statement"};
            PreparedStatement kept = c.prepareStatement(insert);
            for (int round = 0; round < 2 * 5; round++) {
                for (String v : variants) {
                    List<Long> out = lat.computeIfAbsent(v, k -> new ArrayList<>());
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        if (v.equals("plain")) {
                            try (PreparedStatement p = c.prepareStatement("insert into j_plain values (?)")) {
                                p.setLong(1, i);
                                p.executeUpdate();
                            }
                        } else {
                            PreparedStatement p = v.equals("audit-fresh-statement") || v.equals("audit") ? c.prepareStatement(insert) : kept;
                            if (!v.equals("audit-notimeout")) {
                                p.setQueryTimeout(5);
                            } else {
                                p.setQueryTimeout(0);
                            }
                            long s = ++seq[0];
                            String hash = String.format("%064x", s);
                            int k = 0;
                            p.setLong(++k, s);
                            p.setObject(++k, UUID.randomUUID());
                            p.setTimestamp(++k, new Timestamp(System.currentTimeMillis()));
                            p.setString(++k, "decision");
                            p.setString(++k, UUID.randomUUID().toString());
                            p.setString(++k, null);
                            p.setString(++k, "svc-" + (s % 7));
                            p.setString(++k, "service");
                            p.setString(++k, "rag-service");
                            p.setString(++k, "llm.invoke");
                            p.setString(++k, "llm_route");
                            p.setString(++k, "external-gpt");
                            p.setShort(++k, (short) 1);
                            p.setShort(++k, (short) 1);
                            p.setString(++k, "[]");
                            p.setString(++k, "rag-answer");
                            p.setBoolean(++k, true);
                            p.setString(++k, "allowed");
                            p.setArray(++k, c.createArrayOf("text", new Object[] {"tier1_access"}));
                            p.setString(++k, null);
                            p.setString(++k, "");
                            p.setString(++k, "embedded");
                            p.setString(++k, "sha256:0");
                            p.setString(++k, null);
                            p.setString(++k, "{\"redact\":[]}");
                            p.setString(++k, "tiergate-audit-v2");
                            p.setString(++k, prev[0]);
                            p.setString(++k, hash);
                            p.executeUpdate();
                            prev[0] = hash;
                            if (p != kept) {
                                p.close();
                            }
                        }
                        long t = System.nanoTime() - t0;
                        if (round >= 2) {
                            out.add(t);
                        }
                    }
                }
            }
            for (var e : lat.entrySet()) {
                long[] v = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("%-22s n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms%n", e.getKey(), v.length,
                        v[v.length / 2] / 1e6, v[(int) (v.length * 0.9)] / 1e6, v[(int) (v.length * 0.99)] / 1e6);
            }
        }
    }
}
