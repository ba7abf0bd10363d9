package io.tiergate.testing;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A data source for benchmarks that lends one connection again and again; closing what it lent is a no-op. */
public final class LentConnection implements DataSource {

    private final Connection connection;

    public LentConnection(Connection real) {
        this.connection = (Connection) Proxy.newProxyInstance(LentConnection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(real, args));
    }

    public Connection getConnection() {
        return connection;
    }

    public Connection getConnection(String user, String password) {
        return connection;
    }

    public PrintWriter getLogWriter() {
        return null;
    }

    public void setLogWriter(PrintWriter out) {
    }

    public void setLoginTimeout(int seconds) {
    }

    public int getLoginTimeout() {
        return 0;
    }

    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
