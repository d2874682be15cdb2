package dev.quire.storage;

/**
 * Start-up cannot continue for a reason the operator must fix. Its message says what and how; it carries no stack trace
 * because the trace would only bury that message.
 */
public final class StartupFailure extends RuntimeException {

    public StartupFailure(String message) {
        super(message, null, false, false);
    }
}
