package io.tiergate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A copy of the audit chain (events and head, no triggers) in a scratch schema, for tampering
 * tests that must leave the shared log intact. Run as the owning role, inside a transaction.
 */
public final class ChainCopy {

    private ChainCopy() {
    }

    /** Creates {@code schema} with copies of audit_event and audit_chain_head, readable by {@code reader}, and sets the search path to it. */
    public static void create(Connection owner, String schema, String reader) throws SQLException {
        try (Statement s = owner.createStatement()) {
            s.execute("create schema " + schema);
            s.execute("create table " + schema + ".audit_event (like public.audit_event including all)");
            s.execute("insert into " + schema + ".audit_event select * from public.audit_event");
            s.execute("create table " + schema + ".audit_chain_head as select * from public.audit_chain_head");
            s.execute("grant usage on schema " + schema + " to " + reader);
            s.execute("grant select on all tables in schema " + schema + " to " + reader);
            s.execute("set search_path to " + schema);
        }
    }
}
