package dev.quire.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

import dev.quire.CmsConfig;
import dev.quire.security.Passwords;
import dev.quire.security.SessionTokens;
import dev.quire.storage.StartupFailure;
import dev.quire.storage.spi.NameTaken;
import dev.quire.storage.spi.NewAdminUser;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageUnavailable;

/**
 * Creates the first super-admin at start-up when there is no admin user: from {@code cms.admin.email} and
 * {@code cms.admin.password}, or, in the dev profile with neither set, a dev admin whose password is printed once.
 * <p>
 * The checks run before the server listens, and a failed one stops the start. The password's Argon2 hash, a third of a
 * second of one core, is computed and stored on a thread of its own while the start goes on, so a first start answers
 * sooner; a login waits for it ({@link #awaitFirstAdmin()}), and if storing it fails the application stops, as a failed
 * start does.
 */
@ApplicationScoped
public class AdminBootstrap {

    static final String SUPER_ADMIN = "super-admin";
    static final String DEV_EMAIL = "admin@quire.local";
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    /** Passwords that ship in examples and tutorials; refused under prod whatever their length. */
    static final Set<String> DEFAULT_PASSWORDS = Set.of("admin", "administrator", "password", "password123",
            "changeme", "change-me", "quire", "quire-admin", "secret", "letmein", "test-admin-password",
            "long-enough-password", "admin12345", "1234567890");

    @Inject
    Storage storage;

    @Inject
    CmsConfig config;

    /** How long a login waits for the first admin to be stored. */
    static final Duration FIRST_ADMIN_WAIT = Duration.ofSeconds(30);

    private final CompletableFuture<Void> firstAdmin = new CompletableFuture<>();
    private volatile boolean stopping;

    void onStart(@Observes @Priority(200) StartupEvent event) {
        var email = config.admin().email().filter(s -> !s.isBlank());
        var password = config.admin().password().filter(s -> !s.isBlank());
        if (email.isPresent() != password.isPresent()) {
            throw new StartupFailure("Set both CMS_ADMIN_EMAIL and CMS_ADMIN_PASSWORD (cms.admin.email and"
                    + " cms.admin.password) to create the first admin, or neither.");
        }
        boolean prod = ConfigUtils.getProfiles().contains("prod");
        if (prod && password.isPresent() && DEFAULT_PASSWORDS.contains(password.get().toLowerCase(Locale.ROOT))) {
            throw new StartupFailure("Refusing to start: CMS_ADMIN_PASSWORD is a well-known default. Choose a"
                    + " password of your own for the prod profile.");
        }
        if (prod && storage.read(s -> s.accounts().findUserByEmail(DEV_EMAIL)).filter(u -> u.active()).isPresent()) {
            throw new StartupFailure("Refusing to start: the database has the dev profile's generated admin ("
                    + DEV_EMAIL + "), whose password was printed to a console. Deactivate or delete it (from the dev"
                    + " profile, or with a super-admin's DELETE /admin/users/{id}) before running the prod profile.");
        }
        if (storage.read(s -> s.accounts().countUsers()) > 0) {
            firstAdmin.complete(null);
            return;
        }
        if (email.isPresent()) {
            String weakness = Passwords.weakness(password.get());
            if (weakness != null) {
                throw new StartupFailure("CMS_ADMIN_PASSWORD is too weak: " + weakness + ".");
            }
            createAside(email.get(), password.get(), () -> LOG.infof("Created the first super-admin %s", email.get()));
        } else if (ConfigUtils.getProfiles().contains("dev") || LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            String generated = SessionTokens.newToken().substring(0, 20);
            createAside(DEV_EMAIL, generated, () -> LOG.warnf("%n%n  Dev admin created (printed only this once):%n"
                    + "    email:    %s%n    password: %s%n  Log in with POST /admin/login. Set CMS_ADMIN_EMAIL and"
                    + " CMS_ADMIN_PASSWORD to choose your own.%n", DEV_EMAIL, generated));
        } else {
            firstAdmin.complete(null);
            LOG.warn("There is no admin user. Set CMS_ADMIN_EMAIL and CMS_ADMIN_PASSWORD to create the first one.");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Returns once the first admin, if start-up creates one, is stored. A login calls it before it looks the user up,
     * so a login sent as soon as the server answers finds the admin.
     *
     * @throws StorageUnavailable
     *             when it could not be stored, or was not within {@link #FIRST_ADMIN_WAIT}
     */
    public void awaitFirstAdmin() {
        if (firstAdmin.isDone() && !firstAdmin.isCompletedExceptionally()) {
            return;
        }
        try {
            firstAdmin.get(FIRST_ADMIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new StorageUnavailable("the first admin user could not be created", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailable("interrupted while the first admin user was created", e);
        }
    }

    /** Whether start-up is still creating the first admin. */
    boolean firstAdminPending() {
        return !firstAdmin.isDone();
    }

    private void createAside(String email, String password, Runnable created) {
        Thread thread = new Thread(() -> {
            try {
                create(email, password);
                created.run();
                firstAdmin.complete(null);
            } catch (RuntimeException e) {
                firstAdmin.completeExceptionally(e);
                if (stopping) {
                    LOG.infof("The application stopped before the first super-admin %s was stored", email);
                } else {
                    LOG.errorf(e, "Could not create the first super-admin %s; stopping", email);
                    Quarkus.asyncExit(1);
                }
            }
        }, "quire-first-admin");
        thread.setDaemon(true);
        thread.start();
    }

    private void create(String email, String password) {
        String hash = Passwords.hash(password);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            storage.write(s -> s.accounts().createUser(new NewAdminUser(email, hash, null, null, SUPER_ADMIN, now)));
        } catch (NameTaken e) {
            LOG.debug("another instance created the first admin at the same time");
        }
    }
}
