package dev.quire;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Quire's own settings ({@code cms.*}); each has an environment variable, listed in the README. */
@ConfigMapping(prefix = "cms")
public interface CmsConfig {

    StorageSelection storage();

    Admin admin();

    Content content();

    Security security();

    Http http();

    Cors cors();

    Audit audit();

    Webhooks webhooks();

    Jobs jobs();

    Backup backup();

    interface Backup {

        /** Folder SQLite backups are written to; created when missing. */
        @WithDefault("data/backups")
        String dir();

        /** How many backups the scheduled backup job keeps; older ones are deleted after a new one is verified. */
        @WithDefault("7")
        int keep();
    }

    /**
     * Jobs run on a cron schedule (Quartz syntax, seconds first) in a time zone; each tick runs on exactly one of the
     * instances sharing the database.
     */
    interface Jobs {

        /** Time zone of the cron expressions that do not name their own. */
        @WithDefault("UTC")
        String timeZone();

        /**
         * How long a run stays with the instance running it; the runner renews it every third of this while the job
         * runs, and another instance retries a run whose lease has expired.
         */
        @WithDefault("1m")
        Duration lease();

        /** How long finished runs are kept in the run history. */
        @WithDefault("30d")
        Duration runRetention();

        ScheduledPublishingJob scheduledPublishing();

        RetentionJob retention();

        BackupJob backup();

        interface ScheduledPublishingJob {

            /** Publishes and unpublishes entries whose scheduled time has come. */
            @WithDefault("*/10 * * * * ?")
            String cron();

            Optional<String> timeZone();

            @WithDefault("true")
            boolean enabled();
        }

        interface RetentionJob {

            /** Deletes old audit entries, webhook deliveries, job runs and expired tokens. */
            @WithDefault("0 */15 * * * ?")
            String cron();

            Optional<String> timeZone();

            @WithDefault("true")
            boolean enabled();
        }

        interface BackupJob {

            /** Backs up the SQLite database (not run on PostgreSQL). */
            @WithDefault("0 0 3 * * ?")
            String cron();

            Optional<String> timeZone();

            @WithDefault("true")
            boolean enabled();
        }
    }

    interface Webhooks {

        /** Whether this instance sends webhook deliveries; the outbox is written either way. */
        @WithDefault("true")
        boolean dispatch();

        /** How long connecting to a receiver may take. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** How long one attempt may take in all, from connecting to the end of the response. */
        @WithDefault("10s")
        Duration timeout();

        /** Deliveries in flight at once on this instance. */
        @WithDefault("16")
        int maxConcurrency();

        /** Deliveries in flight at once to one webhook on this instance, so a hanging receiver cannot starve others. */
        @WithDefault("4")
        int maxConcurrencyPerEndpoint();

        /**
         * Delays before each retry after a failed attempt, with 20 % jitter; a delivery that fails once more after the
         * last one is dead-lettered. The default spans about 28 hours, in 8 attempts.
         */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        java.util.List<Duration> retrySchedule();

        /** How often this instance looks for due deliveries. */
        @WithDefault("500ms")
        Duration pollInterval();

        /**
         * How long a claimed delivery stays leased to the instance sending it; after that another instance may retry
         * it, so it must exceed {@code timeout}.
         */
        @WithDefault("2m")
        Duration lease();

        /** How long a rotated-out signing secret keeps signing alongside the new one. */
        @WithDefault("24h")
        Duration secretOverlap();

        /**
         * Refuse receivers on loopback, private, link-local, unique-local and cloud metadata addresses, at registration
         * and at every send. On under prod; off in dev and test.
         */
        @WithDefault("true")
        boolean blockPrivateTargets();

        /** Host names or IP addresses let through {@code block-private-targets}. */
        Optional<java.util.List<String>> allowedPrivateTargets();

        /** How long succeeded and dead-lettered deliveries (and events no delivery needs) are kept. */
        @WithDefault("30d")
        Duration retention();
    }

    interface Audit {

        /** How long audit entries are kept; the retention job deletes older ones in small batches. */
        @WithDefault("90d")
        Duration retention();
    }

    interface Http {

        /** Largest request body accepted; larger ones get 413 before they are read. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** Deepest nesting of arrays and objects a JSON body may have. */
        @WithDefault("64")
        int maxJsonDepth();

        /**
         * Write requests handled at once while reads are in progress; further writes wait their turn, first come first
         * served. While no read is in progress, writes are not limited. 0 lifts the limit.
         */
        @WithDefault("4")
        int writesWhileReading();

        /** How long a write request may wait for its turn before it gets 503 with nothing applied. */
        @WithDefault("10s")
        Duration writeWait();
    }

    interface Cors {

        /**
         * Origins of front-ends allowed to call Quire from a browser, comma-separated ({@code /regex/} allowed). The
         * dev profile allows every origin when this is not set; other profiles allow none.
         */
        Optional<java.util.List<String>> origins();
    }

    interface Security {

        /** Secret of at least 32 characters under which session and API tokens are hashed; required under prod. */
        Optional<String> signingKey();

        /** How long expired admin sessions and expired or revoked API tokens are kept before retention deletes them. */
        @WithDefault("30d")
        Duration endedTokenRetention();
    }

    interface StorageSelection {

        /** Which storage module serves this instance, by its id ({@code sqlite} or {@code postgres}). */
        @WithDefault("sqlite")
        String kind();
    }

    interface Admin {

        /** Email of the first super-admin, created at start-up when there is no admin user yet. */
        Optional<String> email();

        /** Password of that first super-admin. */
        Optional<String> password();

        /** How long an admin login token stays valid. */
        @WithDefault("12h")
        Duration sessionTtl();

        Login login();

        interface Login {

            /** Failed logins allowed for one account before each further one must wait. */
            @WithDefault("5")
            int freeAttempts();

            /** Failed logins allowed from one address (which many users may share) before each must wait. */
            @WithDefault("50")
            int freeAttemptsPerAddress();

            /** How long failures are remembered without a new one. */
            @WithDefault("15m")
            Duration window();
        }
    }

    interface Content {

        /** The locale of entries written or read without {@code locale}. */
        @WithDefault("en")
        String defaultLocale();

        /**
         * The locales a localized type's entries may be written and read in, such as {@code en,fr,de-CH}, as Strapi's
         * i18n settings list them; the default locale is always one of them. Unset, any well-formed locale code is
         * taken, and a typo in a client's {@code locale} makes a localization of its own.
         */
        Optional<java.util.List<String>> locales();

        /** Page size when a list request gives none. */
        @WithDefault("25")
        int defaultPageSize();

        /** Largest page size a list request may ask for. */
        @WithDefault("100")
        int maxPageSize();

        /** How many relations deep a filter or populate may reach. */
        @WithDefault("5")
        int relationDepth();
    }
}
