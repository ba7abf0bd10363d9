package io.tiergate.access;

import io.quarkus.panache.common.Parameters;

/** A Panache query's condition built from a list's filters: each one that is set adds its clause, null means any. */
final class Where {

    private final StringBuilder query;
    private final Parameters params;

    private Where(String always, Parameters params) {
        this.query = new StringBuilder(always);
        this.params = params;
    }

    /** Every row. */
    static Where any() {
        return new Where("1 = 1", new Parameters());
    }

    /** Starts with a condition every row must meet, and its parameters. */
    static Where always(String condition, Parameters params) {
        return new Where(condition, params);
    }

    /** The condition and its named parameter, unless the filter's {@code value} is null. */
    Where and(String condition, String name, Object value) {
        if (value != null) {
            query.append(" and ").append(condition);
            params.and(name, value);
        }
        return this;
    }

    /** The query, ordered. */
    String orderBy(String order) {
        return query + " order by " + order;
    }

    Parameters params() {
        return params;
    }
}
