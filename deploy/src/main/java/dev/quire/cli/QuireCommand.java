package dev.quire.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.quire.storage.spi.StorageException;
import dev.quire.transfer.TransferFailure;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quire [serve|export|import|migrate|backup|check]}: picocli parses, each subcommand does one job. */
@Command(name = "quire", mixinStandardHelpOptions = true, versionProvider = QuireCommand.Version.class, description = "Quire, a headless CMS. Without a command it serves, as 'serve' does.", subcommands = {
        ServeCommand.class, ExportCommand.class, ImportCommand.class, MigrateCommand.class,
        BackupCommand.class, CheckCommand.class, CommandLine.HelpCommand.class})
public final class QuireCommand implements Callable<Integer> {

    /** What {@link #execute} returns after {@code serve}, which exits on its own. */
    static final int SERVED = Integer.MIN_VALUE;

    /** The work could not be done; the message says why. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ServeCommand.serve(new String[0]);
    }

    static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new QuireCommand());
        commandLine.setExecutionExceptionHandler(QuireCommand::failed);
        return commandLine.execute(args);
    }

    /** Operator-facing failures end with their message and exit code 1; anything else is a bug and shows its trace. */
    private static int failed(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandName();
        if (e instanceof TransferFailure || e instanceof StorageException || e instanceof CommandFailure) {
            err.println("quire " + command + ": " + e.getMessage());
        } else {
            err.println("quire " + command + ": unexpected error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /** A command's own refusal, with the message to print. */
    static final class CommandFailure extends RuntimeException {

        CommandFailure(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = QuireCommand.class.getPackage().getImplementationVersion();
            return new String[]{"quire " + (version == null ? "(development build)" : version)};
        }
    }
}
