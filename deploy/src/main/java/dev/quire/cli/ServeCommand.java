package dev.quire.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.quarkus.runtime.Quarkus;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "serve", description = "Serve the content and admin APIs (the default). Configuration as in the"
        + " README's options table.")
public final class ServeCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> quarkusArgs = List.of();

    @Override
    public Integer call() {
        return serve(quarkusArgs.toArray(String[]::new));
    }

    /** Runs Quarkus until it is stopped; Quarkus exits the process with its own status. */
    static int serve(String[] args) {
        Quarkus.run(args);
        return QuireCommand.SERVED;
    }
}
