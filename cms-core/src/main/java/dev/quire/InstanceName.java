package dev.quire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this process names itself in webhook attempts and job runs: host name and process id. */
public final class InstanceName {

    private static final String NAME = compute();

    private InstanceName() {
    }

    public static String get() {
        return NAME;
    }

    private static String compute() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
