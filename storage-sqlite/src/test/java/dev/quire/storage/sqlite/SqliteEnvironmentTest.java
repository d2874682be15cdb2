package dev.quire.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.spi.StorageUnavailable;

class SqliteEnvironmentTest {

    private static final List<String> MOUNTS = List.of(
            "overlay / overlay rw,relatime 0 0",
            "/dev/sda1 /data ext4 rw,relatime 0 0",
            "server:/export /data/shared nfs4 rw,relatime 0 0",
            "grpcfuse /host/My\\040Documents fuse.grpcfuse rw 0 0",
            "mount0 /mnt/wsl 9p rw 0 0",
            "myfs /srv/virt virtiofs rw 0 0");

    @Test
    void theFilesystemIsTheMountWithTheLongestMatchingMountPoint() {
        assertThat(SqliteEnvironment.filesystemOf(Path.of("/data/quire"), MOUNTS)).contains("ext4");
        assertThat(SqliteEnvironment.filesystemOf(Path.of("/data/shared/quire"), MOUNTS)).contains("nfs4");
        assertThat(SqliteEnvironment.filesystemOf(Path.of("/host/My Documents/db"), MOUNTS)).contains("fuse.grpcfuse");
        assertThat(SqliteEnvironment.filesystemOf(Path.of("/datastore"), MOUNTS)).contains("overlay");
    }

    @Test
    void networkAndFuseFilesystemsAreUnsafeAndLocalOnesAreNot() {
        for (String unsafe : List.of("nfs", "nfs4", "cifs", "smb3", "9p", "virtiofs", "fuse", "fuse.grpcfuse",
                "fuse.sshfs")) {
            assertThat(SqliteEnvironment.unsafe(unsafe)).as(unsafe).isTrue();
        }
        for (String local : List.of("ext4", "xfs", "btrfs", "overlay", "tmpfs", "zfs", "apfs")) {
            assertThat(SqliteEnvironment.unsafe(local)).as(local).isFalse();
        }
    }

    /**
     * The writer and the readers leave new keys to {@code INSERT ... RETURNING}: with the driver's generated-keys
     * emulation on, every INSERT costs a second statement ({@code SELECT last_insert_rowid()}) on the single writer.
     */
    @Test
    void connectionsDoNotEmulateGeneratedKeys(@TempDir Path folder) throws Exception {
        SqliteSettings settings = SqliteSettings.defaults(folder.resolve("keys.db"));
        for (boolean readOnly : new boolean[]{false, true}) {
            assertThat(new org.sqlite.SQLiteConfig(settings.connectionProperties(readOnly)).isGetGeneratedKeys())
                    .as("readOnly=%s", readOnly).isFalse();
        }
        try (java.sql.Connection c = org.sqlite.JDBC.createConnection(settings.jdbcUrl(),
                settings.connectionProperties(false)); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            st.executeUpdate("INSERT INTO t (v) VALUES ('a')");
            try (java.sql.ResultSet keys = st.getGeneratedKeys()) {
                assertThat(keys.next()).isFalse();
            }
        }
    }

    @Test
    void aDatabaseAlreadyOpenIsNotOpenedAgain(@TempDir Path folder) {
        try (SqliteStorage first = SqliteStorage.open(SqliteSettings.defaults(folder.resolve("quire.db")))) {
            assertThatThrownBy(() -> SqliteStorage.open(SqliteSettings.defaults(folder.resolve("quire.db"))))
                    .isInstanceOf(StorageUnavailable.class).hasMessageContaining("already open");
            assertThat(first.isReachable()).isTrue();
        }
        try (SqliteStorage again = SqliteStorage.open(SqliteSettings.defaults(folder.resolve("quire.db")))) {
            assertThat(again.isReachable()).isTrue();
        }
    }
}
