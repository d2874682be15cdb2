package dev.quire.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.sqlite.SqliteStorage;
import dev.quire.transfer.Summary;
import dev.quire.transfer.Transfer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Check the database, or with --archive an archive, and print every table's"
        + " row count and checksum. SQLite: integrity_check and foreign_key_check too; may run while Quire serves the"
        + " file. Exit code 1 when anything is wrong.")
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--archive", paramLabel = "FILE", description = "Check this archive (from export or a PostgreSQL"
            + " backup) instead: complete, well-formed, every row matching its checksum.")
    Path archive;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        var writer = spec.commandLine().getOut();
        if (archive != null) {
            Summary summary = Transfer.verify(archive, new ConsoleProgress(quiet));
            writer.printf("Archive %s is complete and every row matches its checksum.%n", archive.toAbsolutePath());
            Output.summary(writer, summary);
            return 0;
        }
        DatabaseOptions.Database db = database.resolve();
        if (db.sqlite().isPresent()) {
            DatabaseOptions.quietLogs();
            List<String> problems = SqliteStorage.check(db.sqlite().get().file());
            if (!problems.equals(List.of("ok"))) {
                writer.printf("%s FAILED its checks:%n", db.describe());
                problems.forEach(p -> writer.println("  " + p));
                writer.flush();
                return QuireCommand.FAILED;
            }
            writer.printf("%s: integrity_check ok, foreign_key_check ok%n", db.describe());
        }
        try (Storage storage = database.openForReading(db)) {
            Transfer.Result result = Transfer.summarize(storage, new ConsoleProgress(quiet));
            writer.printf("%s: schema version %s (current), %d rows%n", db.describe(), result.schemaVersion(),
                    result.summary().rows());
            Output.summary(writer, result.summary());
        }
        return 0;
    }
}
