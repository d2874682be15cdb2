package dev.quire.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * Points sqlite-jdbc at the native library the build unpacks next to the jar ({@code quarkus-app/lib/native/sqlite/}).
 * Without it, every start copies the library out of the driver's jar into {@code java.io.tmpdir} under a new name and
 * loads that copy: a write of about a megabyte before the first connection, a start that fails where the temporary
 * directory is mounted {@code noexec} or read-only, and stale copies left behind by every {@code kill -9}. Where the
 * unpacked library does not match this machine (another operating system or architecture), or a user has named one with
 * {@code -Dorg.sqlite.lib.path}, nothing is set and the driver does what it always does.
 */
final class SqliteNativeLibrary {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";

    private SqliteNativeLibrary() {
    }

    /** Sets {@code org.sqlite.lib.path} when the application runs from its packaged jar and the library is there. */
    static void useUnpacked() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        Path jar = Path.of(System.getProperty("java.class.path", ""));
        if (!jar.getFileName().toString().equals("quarkus-run.jar")) {
            return;
        }
        Path folder = jar.toAbsolutePath().resolveSibling(Path.of("lib", "native", "sqlite"))
                .resolve(OSInfo.getNativeLibFolderPathForCurrentOS());
        if (Files.isRegularFile(folder.resolve(LibraryLoaderUtil.getNativeLibName()))) {
            System.setProperty(PATH_PROPERTY, folder.toString());
        }
    }
}
