package dev.quire.storage.jdbc;

import java.util.Optional;

import dev.quire.storage.spi.SettingStore;

final class JdbcSettingStore implements SettingStore {

    private final Sql sql;

    JdbcSettingStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<String> find(String name) {
        return sql.queryOne("SELECT value FROM setting WHERE name = ?", rs -> rs.getString(1), name);
    }

    @Override
    public String putIfAbsent(String name, String value) {
        sql.update("INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", sql::unexpected,
                name, value);
        return find(name).orElse(value);
    }
}
