package dev.quire.cli;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

/**
 * The build's class-data archive run (see {@code deploy/pom.xml}) starts Quire with {@code -Dquire.cds.training=true}
 * under {@code -XX:ArchiveClassesAtExit}: Quire then stops as soon as it has started, and the archive holds every class
 * a start loads, the database's and the HTTP server's included. Nothing else sets the property.
 */
@ApplicationScoped
class ClassDataTraining {

    void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        if (Boolean.getBoolean("quire.cds.training")) {
            Quarkus.asyncExit(0);
        }
    }
}
