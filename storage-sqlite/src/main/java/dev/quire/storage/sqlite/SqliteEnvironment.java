package dev.quire.storage.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.quire.storage.spi.StorageUnavailable;

/**
 * Where a SQLite database must not live, and who else may not open it. SQLite's locks, and WAL's shared memory, only
 * work on a local filesystem of one host: on NFS, SMB, FUSE (Docker Desktop's bind mounts among them), 9p or virtiofs a
 * second writer or a crash can corrupt the file. And two Quire processes on one file would each believe they are the
 * single writer. Both are refused at start-up with a message that says what to do instead.
 */
final class SqliteEnvironment {

    static final Set<String> UNSAFE_FILESYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "virtiofs",
            "fuse", "fuseblk", "ceph", "glusterfs", "afs", "lustre", "gpfs", "sshfs");

    private SqliteEnvironment() {
    }

    /** Refuses a database whose folder is on a network or FUSE filesystem, as far as {@code /proc/mounts} tells. */
    static void requireLocalFilesystem(Path file) {
        Path mounts = Path.of("/proc/mounts");
        if (!Files.isReadable(mounts)) {
            return;
        }
        try {
            Path folder = file.toAbsolutePath().getParent().toRealPath();
            filesystemOf(folder, Files.readAllLines(mounts)).filter(SqliteEnvironment::unsafe).ifPresent(type -> {
                throw new StorageUnavailable("the SQLite database " + file + " is on a " + type + " filesystem."
                        + " SQLite's locking and WAL need a local disk of one host; on network and FUSE filesystems"
                        + " (NFS, SMB, Docker Desktop bind mounts, 9p, virtiofs) the file can be corrupted. Put"
                        + " cms.storage.sqlite.path on a local disk or a named volume, or use PostgreSQL", null);
            });
        } catch (IOException e) {
            throw new StorageUnavailable("cannot inspect the folder of the SQLite database " + file, e);
        }
    }

    static boolean unsafe(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return UNSAFE_FILESYSTEMS.contains(t) || t.startsWith("fuse.") || t.startsWith("nfs");
    }

    /** The type of the filesystem {@code folder} is on: the mount with the longest mount point containing it. */
    static Optional<String> filesystemOf(Path folder, List<String> mountLines) {
        String best = null;
        int bestLength = -1;
        for (String line : mountLines) {
            String[] fields = line.split(" ");
            if (fields.length < 3) {
                continue;
            }
            String point = fields[1].replace("\\040", " ");
            if (folder.startsWith(Path.of(point)) && point.length() > bestLength) {
                best = fields[2];
                bestLength = point.length();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Takes an exclusive lock on {@code <database>.lock} for as long as the storage is open, so that a second process
     * on the same file stops at start-up instead of writing alongside the first.
     */
    static FileLock lockExclusively(Path file) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).trim();
                channel.close();
                throw new StorageUnavailable("another process" + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + " has the SQLite database " + file + " open. Quire on SQLite is a single process with a"
                        + " single writer; stop the other one, or use PostgreSQL to run several instances", null);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(true);
            return lock;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StorageUnavailable("the SQLite database " + file + " is already open in this process", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageUnavailable("cannot lock the SQLite database " + file, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // already failing; the first error is the one worth reporting
        }
    }
}
