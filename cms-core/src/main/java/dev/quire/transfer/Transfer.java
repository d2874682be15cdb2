package dev.quire.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.quire.storage.spi.ArchiveStore;
import dev.quire.storage.spi.ArchiveTable;
import dev.quire.storage.spi.Storage;

/**
 * Export, import and migration of a whole Quire database, each verified by checksums: a copy is committed only when
 * every table's rows, read back from the target inside the copying transaction, have the source's count and checksum.
 * Whatever fails leaves the target as it was.
 */
public final class Transfer {

    private static final int BATCH = 500;

    private Transfer() {
    }

    /** How a migration or an import ended. */
    public enum Outcome {
        /** Everything was copied and verified. */
        COPIED,
        /** The target already held exactly the source's rows; nothing was written. */
        ALREADY_EQUAL
    }

    public record Result(Outcome outcome, Summary summary, String schemaVersion) {
    }

    /** Reads one consistent snapshot of {@code storage} and sums it up, without writing anything. */
    public static Result summarize(Storage storage, Progress progress) {
        return storage.read(session -> {
            ArchiveStore archive = session.archive();
            archive.beginSnapshot();
            return new Result(Outcome.ALREADY_EQUAL, summarize(archive, "Checking", progress),
                    archive.schemaVersion());
        });
    }

    /**
     * Writes one consistent snapshot of {@code storage} to {@code file}, which appears only when complete and synced.
     *
     * @throws TransferFailure
     *             when {@code file} exists and {@code overwrite} is false, or it cannot be written
     */
    public static Result export(Storage storage, Path file, boolean overwrite, Progress progress) {
        try (ArchiveFile.Out out = new ArchiveFile.Out(file, overwrite)) {
            Result result = storage.read(session -> {
                ArchiveStore archive = session.archive();
                archive.beginSnapshot();
                Map<String, Long> counts = counts(archive);
                String version = archive.schemaVersion();
                out.header(version, storage.kind(), counts);
                Summary.Builder summary = new Summary.Builder();
                try (Progress.Task task = progress.start("Exporting", total(counts))) {
                    for (ArchiveTable table : ArchiveTable.ALL) {
                        out.table(table);
                        summary.table(table.name());
                        archive.scan(table, row -> {
                            summary.add(table, row);
                            out.row(table, row);
                            task.advance(table.name(), 1);
                        });
                    }
                }
                Summary built = summary.build();
                out.trailer(built);
                return new Result(Outcome.COPIED, built, version);
            });
            out.commit();
            return result;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new TransferFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code file} end to end and checks every row against its checksums, without touching any database. */
    public static Summary verify(Path file, Progress progress) {
        Progress.Task[] task = new Progress.Task[1];
        try {
            return ArchiveFile.read(file, new ArchiveFile.Visitor() {

                @Override
                public void header(ArchiveFile.Header header) {
                    task[0] = progress.start("Verifying", header.totalRows());
                }

                @Override
                public void table(ArchiveTable table, long rows) {
                }

                @Override
                public void row(ArchiveTable table, Object[] row) {
                    task[0].advance(table.name(), 1);
                }
            });
        } finally {
            if (task[0] != null) {
                task[0].close();
            }
        }
    }

    /**
     * Loads the archive at {@code file} into {@code storage} in one transaction. An empty target is filled; a target
     * that already holds exactly the archive's rows is left alone; any other target is refused unless {@code force},
     * which replaces what it holds.
     *
     * @throws TransferFailure
     *             when the archive is damaged or incomplete, the target is refused, or the copy does not verify; the
     *             target is unchanged then
     */
    public static Result importArchive(Storage storage, Path file, boolean force, Progress progress) {
        Summary wanted = verify(file, progress);
        return storage.writeBulk(session -> {
            ArchiveStore target = session.archive();
            if (!prepareTarget(target, wanted, force, progress, "the archive " + file)) {
                return new Result(Outcome.ALREADY_EQUAL, wanted, target.schemaVersion());
            }
            Map<ArchiveTable, List<Object[]>> batches = new LinkedHashMap<>();
            Progress.Task[] task = new Progress.Task[1];
            try {
                ArchiveFile.read(file, new ArchiveFile.Visitor() {

                    @Override
                    public void header(ArchiveFile.Header header) {
                        task[0] = progress.start("Importing", header.totalRows());
                    }

                    @Override
                    public void table(ArchiveTable table, long rows) {
                        batches.forEach((t, rowsOf) -> flush(target, t, rowsOf, task[0]));
                        batches.clear();
                        batches.put(table, new ArrayList<>(BATCH));
                    }

                    @Override
                    public void row(ArchiveTable table, Object[] row) {
                        List<Object[]> batch = batches.get(table);
                        batch.add(row);
                        if (batch.size() == BATCH) {
                            flush(target, table, batch, task[0]);
                        }
                    }
                });
                batches.forEach((t, rowsOf) -> flush(target, t, rowsOf, task[0]));
            } finally {
                if (task[0] != null) {
                    task[0].close();
                }
            }
            target.finishImport();
            requireEqual(wanted, summarize(target, "Verifying", progress), "the archive " + file);
            return new Result(Outcome.COPIED, wanted, target.schemaVersion());
        });
    }

    /**
     * Copies everything in {@code source} into {@code target} in one target transaction, reading one snapshot of the
     * source, with the same rules for a non-empty target as {@link #importArchive}.
     */
    public static Result migrate(Storage source, Storage target, boolean force, Progress progress) {
        return target.writeBulk(session -> {
            ArchiveStore into = session.archive();
            if (!isEmpty(into)) {
                Summary wanted = summarize(source, progress).summary();
                if (!prepareTarget(into, wanted, force, progress, "the source")) {
                    return new Result(Outcome.ALREADY_EQUAL, wanted, into.schemaVersion());
                }
            }
            Summary copied = source.read(reading -> {
                ArchiveStore from = reading.archive();
                from.beginSnapshot();
                Map<String, Long> counts = counts(from);
                Summary.Builder summary = new Summary.Builder();
                try (Progress.Task task = progress.start("Copying", total(counts))) {
                    for (ArchiveTable table : ArchiveTable.ALL) {
                        summary.table(table.name());
                        List<Object[]> batch = new ArrayList<>(BATCH);
                        from.scan(table, row -> {
                            summary.add(table, row);
                            batch.add(row);
                            if (batch.size() == BATCH) {
                                flush(into, table, batch, task);
                            }
                        });
                        flush(into, table, batch, task);
                    }
                }
                return summary.build();
            });
            into.finishImport();
            requireEqual(copied, summarize(into, "Verifying", progress), "the source");
            return new Result(Outcome.COPIED, copied, into.schemaVersion());
        });
    }

    /**
     * @return whether the target must be filled: false when it already equals {@code wanted}
     */
    private static boolean prepareTarget(ArchiveStore target, Summary wanted, boolean force, Progress progress,
            String source) {
        if (isEmpty(target)) {
            return true;
        }
        Summary existing = summarize(target, "Comparing", progress);
        if (existing.differences(wanted).isEmpty()) {
            return false;
        }
        if (!force) {
            throw new TransferFailure("the target database is not empty (" + existing.rows() + " rows) and differs"
                    + " from " + source + ". Nothing was changed. Point at an empty database, or pass --force to"
                    + " replace everything in it.");
        }
        target.clear();
        return true;
    }

    private static void flush(ArchiveStore target, ArchiveTable table, List<Object[]> batch, Progress.Task task) {
        if (!batch.isEmpty()) {
            target.insert(table, batch);
            task.advance(table.name(), batch.size());
            batch.clear();
        }
    }

    private static void requireEqual(Summary wanted, Summary actual, String source) {
        List<String> differences = wanted.differences(actual);
        if (!differences.isEmpty()) {
            throw new TransferFailure("the copy does not match " + source + "; nothing was committed:\n  "
                    + String.join("\n  ", differences));
        }
    }

    private static boolean isEmpty(ArchiveStore store) {
        return ArchiveTable.ALL.stream().allMatch(t -> store.count(t) == 0);
    }

    private static Summary summarize(ArchiveStore store, String what, Progress progress) {
        Map<String, Long> counts = counts(store);
        Summary.Builder summary = new Summary.Builder();
        try (Progress.Task task = progress.start(what, total(counts))) {
            for (ArchiveTable table : ArchiveTable.ALL) {
                summary.table(table.name());
                store.scan(table, row -> {
                    summary.add(table, row);
                    task.advance(table.name(), 1);
                });
            }
        }
        return summary.build();
    }

    private static Map<String, Long> counts(ArchiveStore store) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ArchiveTable.ALL.forEach(t -> counts.put(t.name(), store.count(t)));
        return counts;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
