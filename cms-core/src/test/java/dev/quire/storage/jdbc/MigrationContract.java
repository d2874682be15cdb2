package dev.quire.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.quire.storage.spi.StorageUnavailable;

/**
 * How {@link JdbcMigrations} applies an upgrade, run by each storage module against its real database. The migrations
 * are this jar's {@code db/migration/upgrade-base} (version 1) and {@code upgrade-fails} (the same version 1, a version
 * 2 that changes tables and rows, and a version 3 that fails).
 */
public abstract class MigrationContract {

    /** A data source on a new, empty database, thrown away by the subclass after the test. */
    protected abstract DataSource emptyDatabase();

    @Test
    void anUpgradeWhoseLastMigrationFailsLeavesTheSchemaAtTheVersionItHad() throws SQLException {
        DataSource db = emptyDatabase();
        JdbcMigrations.migrate(db, "upgrade-base");

        assertThatThrownBy(() -> JdbcMigrations.migrate(db, "upgrade-fails"))
                .isInstanceOf(StorageUnavailable.class)
                .hasMessageStartingWith("schema migration failed");

        assertThat(rows(db, "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"))
                .containsExactly("1");
        assertThat(rows(db, "SELECT title FROM page")).containsExactly("Home");
        assertThatThrownBy(() -> rows(db, "SELECT name FROM tag")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> rows(db, "SELECT summary FROM page")).isInstanceOf(SQLException.class);
    }

    @Test
    void aNewDatabaseThatCannotBeMigratedKeepsNoneOfItsMigrations() throws SQLException {
        DataSource db = emptyDatabase();

        assertThatThrownBy(() -> JdbcMigrations.migrate(db, "upgrade-fails"))
                .isInstanceOf(StorageUnavailable.class);

        assertThat(rows(db, "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"))
                .isEmpty();
        assertThatThrownBy(() -> rows(db, "SELECT title FROM page")).isInstanceOf(SQLException.class);
    }

    private static List<String> rows(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
