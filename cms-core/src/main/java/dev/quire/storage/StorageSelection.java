package dev.quire.storage;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

import dev.quire.CmsConfig;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageFactory;
import dev.quire.storage.spi.StorageUnavailable;

/**
 * The one place that decides which storage serves this instance: the factory whose id equals {@code cms.storage.kind}.
 * An unknown kind, or a kind that is not production grade under the {@code prod} profile, stops start-up before any
 * database is opened. Factories that are not selected are never opened.
 */
@ApplicationScoped
public class StorageSelection {

    private static final Logger LOG = Logger.getLogger(StorageSelection.class);

    @Inject
    @Any
    Instance<StorageFactory> factories;

    @Inject
    CmsConfig config;

    /** Opens the storage during start-up, so that a wrong setting fails the start rather than the first request. */
    void onStart(@Observes @Priority(100) StartupEvent event, Storage storage) {
        LOG.infof("Storage: %s (%s)", storage.kind(), storage.capabilities());
    }

    /** Application-scoped, so that beans built at static init (REST filters) get a lazy proxy, not an open database. */
    @Produces
    @ApplicationScoped
    Storage open() {
        StorageFactory factory = select(config.storage().kind(), factories.stream().toList(),
                ConfigUtils.getProfiles());
        try {
            return factory.open();
        } catch (StorageUnavailable e) {
            throw new StartupFailure("Could not open the " + factory.id() + " storage: " + e.getMessage()
                    + "\nCheck these settings:\n"
                    + factory.settingsHint().indent(4));
        }
    }

    void close(@Disposes Storage storage) {
        storage.close();
    }

    /**
     * Picks the factory for {@code kind} and checks it may run under {@code profiles}.
     *
     * @throws StartupFailure
     *             for an unknown kind, or a kind refused in production
     */
    static StorageFactory select(String kind, List<StorageFactory> available, List<String> profiles) {
        Optional<StorageFactory> chosen = available.stream().filter(f -> f.id().equals(kind)).findFirst();
        if (chosen.isEmpty()) {
            throw new StartupFailure("Unknown storage kind '" + kind + "' (cms.storage.kind / CMS_STORAGE_KIND)."
                    + " Known kinds: " + available.stream().map(StorageFactory::id).sorted()
                            .collect(Collectors.joining(", "))
                    + ".");
        }
        StorageFactory factory = chosen.get();
        if (profiles.contains("prod") && !factory.capabilities().productionGrade()) {
            throw new StartupFailure(refusal(factory, available));
        }
        return factory;
    }

    private static String refusal(StorageFactory refused, List<StorageFactory> available) {
        StringBuilder message = new StringBuilder()
                .append("Refusing to start: storage kind '").append(refused.id())
                .append("' is not allowed under the prod profile, and there is no override.\n")
                .append(refused.productionRefusalReason()).append('\n');
        for (StorageFactory f : available) {
            if (f.capabilities().productionGrade()) {
                message.append("To run in production on ").append(f.id()).append(", set:\n")
                        .append(f.settingsHint().indent(4));
            }
        }
        message.append("To try Quire on ").append(refused.id())
                .append(", run the dev profile instead (-Dquarkus.profile=dev).");
        return message.toString();
    }
}
