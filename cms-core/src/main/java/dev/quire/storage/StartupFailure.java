package dev.quire.storage;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Start-up cannot continue because of a setting the operator must change. Quarkus prints a configuration exception as
 * its message alone and exits non-zero; a stack trace would only bury the message.
 */
public final class StartupFailure extends ConfigurationException {

    public StartupFailure(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
