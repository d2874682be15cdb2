package dev.quire.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.quire.storage.spi.Storage;
import dev.quire.transfer.Transfer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", description = "Write everything in the database to a portable archive (gzip JSON lines),"
        + " from one consistent snapshot. On SQLite this may run while Quire serves the file.")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The archive to write; it appears"
            + " only once complete and synced.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        DatabaseOptions.Database db = database.resolve();
        try (Storage storage = database.openForReading(db)) {
            Transfer.Result result = Transfer.export(storage, out, force, new ConsoleProgress(quiet));
            var writer = spec.commandLine().getOut();
            writer.printf("Exported %d rows from %s (schema version %s) to %s%n", result.summary().rows(),
                    db.describe(), result.schemaVersion(), out.toAbsolutePath());
            Output.summary(writer, result.summary());
        }
        return 0;
    }
}
