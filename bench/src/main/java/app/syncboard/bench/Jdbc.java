package app.syncboard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The few JDBC calls the generator and the checks make, with parameters bound in order. */
final class Jdbc {

    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Jdbc() {}

    static <T> List<T> query(Connection db, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            bind(statement, params);
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(row.map(result));
                }
            }
            return rows;
        }
    }

    static long queryLong(Connection db, String sql, Object... params) throws SQLException {
        List<Long> rows = query(db, sql, row -> row.getLong(1), params);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + ": " + sql);
        }
        return rows.get(0);
    }

    static void update(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            bind(statement, params);
            statement.executeUpdate();
        }
    }

    /** Inserts one row and returns the id the database gave it. */
    static long insert(Connection db, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql, new String[] {"id"})) {
            bind(statement, params);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, params[i]);
            }
        }
    }
}
