package dev.quire.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.quire.storage.spi.Storage;
import dev.quire.transfer.Transfer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", description = "Load an archive written by export into the database, in one transaction,"
        + " verified by its checksums. Refuses a database that holds other data unless --force.")
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The archive to load.")
    Path in;

    @Option(names = "--force", description = "Replace everything the database holds with the archive.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(in)) {
            throw new QuireCommand.CommandFailure("there is no archive at " + in.toAbsolutePath());
        }
        DatabaseOptions.Database db = database.resolve();
        try (Storage storage = database.openForWriting(db)) {
            Transfer.Result result = Transfer.importArchive(storage, in, force, new ConsoleProgress(quiet));
            var writer = spec.commandLine().getOut();
            writer.printf(result.outcome() == Transfer.Outcome.COPIED
                    ? "Imported %d rows into %s; every table's rows and checksum match the archive.%n"
                    : "%2$s already holds exactly the archive's %1$d rows; nothing was changed.%n",
                    result.summary().rows(), db.describe());
            Output.summary(writer, result.summary());
        }
        return 0;
    }
}
