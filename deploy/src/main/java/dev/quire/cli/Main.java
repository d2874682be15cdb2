package dev.quire.cli;

import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point of the packaged application. With no command, or {@code serve}, it starts the server exactly as
 * before there was a command line; the other commands run before Quarkus boots, so that a backup or an export never
 * opens the HTTP port, starts the job runner or the webhook dispatcher, or waits for them. With no arguments at all it
 * serves without building the command line: picocli reads every command's annotations first, and its classes, built for
 * Java 5, are the ones a JDK 17 class-data archive cannot hold, which cost a start about a tenth of a second.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        SqliteNativeLibrary.useUnpacked();
        if (args.length == 0) {
            ServeCommand.serve(args);
            return;
        }
        int code = QuireCommand.execute(args);
        if (code != QuireCommand.SERVED) {
            System.exit(code);
        }
    }
}
