package dev.quire.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.CmsConfig;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.Storage.BackupResult;

/**
 * Verified backups of the SQLite database into {@code cms.backup.dir}, named {@code quire-<UTC time>.db}, keeping the
 * newest {@code cms.backup.keep}. Older files are deleted only after the new one verified.
 */
@ApplicationScoped
public class Backups {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'quire-'yyyyMMdd'T'HHmmss'Z.db'")
            .withZone(ZoneOffset.UTC);

    @Inject
    Storage storage;

    @Inject
    CmsConfig config;

    /** Takes one backup now. */
    public BackupResult backup() {
        Path dir = Path.of(config.backup().dir());
        Path target = dir.resolve(NAME.format(Instant.now()));
        for (int i = 1; Files.exists(target); i++) {
            target = dir.resolve(NAME.format(Instant.now()).replace(".db", "-" + i + ".db"));
        }
        return storage.backup(target);
    }

    String run(Instant tick) throws IOException {
        BackupResult result = backup();
        List<Path> removed = prune(Path.of(config.backup().dir()), config.backup().keep());
        return "wrote " + result.file().getFileName() + " (" + result.bytes() + " bytes, integrity "
                + result.integrity()
                + ", " + result.took().toMillis() + " ms); removed " + removed.size() + " older";
    }

    /** Deletes all but the newest {@code keep} backups in {@code dir}; @return what it deleted */
    static List<Path> prune(Path dir, int keep) throws IOException {
        List<Path> backups = backups(dir);
        List<Path> old = backups.subList(Math.min(keep, backups.size()), backups.size());
        for (Path f : old) {
            Files.deleteIfExists(f);
        }
        return old;
    }

    /** The backups in {@code cms.backup.dir}, newest first. */
    public List<Path> list() throws IOException {
        return backups(Path.of(config.backup().dir()));
    }

    private static List<Path> backups(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("quire-\\d{8}T\\d{6}Z(-\\d+)?\\.db"))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        }
    }
}
