package dev.quire.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.quire.storage.jdbc.JdbcPools;
import dev.quire.storage.postgres.PostgresSettings;
import dev.quire.storage.postgres.PostgresStorage;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageUnavailable;
import dev.quire.storage.sqlite.SqliteStorage;
import dev.quire.transfer.Transfer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = "Copy everything from a SQLite file into PostgreSQL in one transaction,"
        + " then verify every table's row count and checksum and each content type's. Refuses a target that holds"
        + " other data unless --force; running it again when the target already matches changes nothing.")
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "SQLITE_FILE", description = "The SQLite database;"
            + " stop the Quire that serves it first.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "JDBC_URL", description = "The PostgreSQL database,"
            + " jdbc:postgresql://host:port/name.")
    String to;

    @Option(names = "--to-user", paramLabel = "NAME", description = "PostgreSQL user, instead of"
            + " cms.storage.postgres.username; the password comes from CMS_STORAGE_POSTGRES_PASSWORD.")
    String toUser;

    @Option(names = "--force", description = "Replace everything the target holds.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(from)) {
            throw new QuireCommand.CommandFailure("there is no SQLite database at " + from.toAbsolutePath());
        }
        DatabaseOptions.Configuration config = DatabaseOptions.Configuration.load();
        PostgresSettings targetSettings = config.postgres(to, toUser);
        DatabaseOptions.quietLogs();
        Storage source;
        try {
            source = SqliteStorage.open(config.sqlite().withFile(from));
        } catch (StorageUnavailable e) {
            throw new QuireCommand.CommandFailure(e.getMessage() + ". A migration copies one snapshot: stop the"
                    + " Quire serving " + from + " first, so that no write is left behind.");
        }
        try (source; Storage target = PostgresStorage.open(targetSettings)) {
            Transfer.Result result = Transfer.migrate(source, target, force, new ConsoleProgress(quiet));
            var writer = spec.commandLine().getOut();
            writer.printf(result.outcome() == Transfer.Outcome.COPIED
                    ? "Migrated %d rows from %s to %s; every table's rows and checksum match.%n"
                    : "%3$s already holds exactly the %1$d rows of %2$s; nothing was changed.%n",
                    result.summary().rows(), from.toAbsolutePath(), JdbcPools.redact(to));
            Output.summary(writer, result.summary());
        }
        return 0;
    }
}
