package dev.quire.cli;

import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point of the packaged application. With no command, or {@code serve}, it starts the server exactly as
 * before there was a command line; the other commands run before Quarkus boots, so that a backup or an export never
 * opens the HTTP port, starts the job runner or the webhook dispatcher, or waits for them.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        int code = QuireCommand.execute(args);
        if (code != QuireCommand.SERVED) {
            System.exit(code);
        }
    }
}
