package dev.quire.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.sqlite.SqliteStorage;
import dev.quire.transfer.Transfer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backup", description = "Back the database up to FILE while Quire goes on serving. SQLite: a"
        + " self-contained copy of the database file (VACUUM INTO), integrity- and foreign-key-checked before it"
        + " appears; restore by putting it in place of the database file while Quire is stopped. PostgreSQL: an"
        + " archive as export writes it, restored with import; for point-in-time recovery use pg_basebackup and WAL"
        + " archiving (see the README).")
public final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the backup goes; it must"
            + " not exist.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        DatabaseOptions.Database db = database.resolve();
        var writer = spec.commandLine().getOut();
        if (db.sqlite().isPresent()) {
            DatabaseOptions.quietLogs();
            Storage.BackupResult result = SqliteStorage.backupFile(db.sqlite().get(), out);
            writer.printf("Backed up %s to %s: %d bytes in %d ms; integrity_check and foreign_key_check: %s%n",
                    db.describe(), result.file(), result.bytes(), result.took().toMillis(), result.integrity());
        } else {
            try (Storage storage = database.openForReading(db)) {
                Transfer.Result result = Transfer.export(storage, out, false, new ConsoleProgress(quiet));
                writer.printf("Backed up %s to the archive %s: %d rows from one snapshot; restore it with"
                        + " 'quire import --in %s'.%n", db.describe(), out.toAbsolutePath(),
                        result.summary().rows(), out);
                Output.summary(writer, result.summary());
            }
        }
        return 0;
    }
}
