package dev.quire.storage.jdbc;

import java.sql.Connection;

import dev.quire.storage.spi.AccountStore;
import dev.quire.storage.spi.ApiTokenStore;
import dev.quire.storage.spi.ArchiveStore;
import dev.quire.storage.spi.AuditStore;
import dev.quire.storage.spi.ContentTypeStore;
import dev.quire.storage.spi.DomainEventStore;
import dev.quire.storage.spi.EntryStore;
import dev.quire.storage.spi.JobStore;
import dev.quire.storage.spi.RelationStore;
import dev.quire.storage.spi.RoleStore;
import dev.quire.storage.spi.ScheduleStore;
import dev.quire.storage.spi.SettingStore;
import dev.quire.storage.spi.StorageSession;
import dev.quire.storage.spi.WebhookStore;

/** The stores of one unit of work, all on the same connection and transaction. */
public final class JdbcSession implements StorageSession {

    private final Sql sql;
    private ContentTypeStore contentTypes;
    private EntryStore entries;
    private AccountStore accounts;
    private DomainEventStore events;
    private RelationStore relations;
    private RoleStore roles;
    private ApiTokenStore apiTokens;
    private AuditStore audit;
    private SettingStore settings;
    private WebhookStore webhooks;
    private JobStore jobs;
    private ScheduleStore schedules;

    public JdbcSession(Connection connection, SqlDialect dialect, boolean writable) {
        this(connection, dialect, writable, null, null);
    }

    /**
     * A session whose statements come from {@code statements}, the cache of {@code connection}, and whose list counts
     * may come from {@code counts}; either may be null.
     */
    public JdbcSession(Connection connection, SqlDialect dialect, boolean writable, StatementCache statements,
            CountCache.View counts) {
        this(new Sql(connection, dialect, writable, statements, counts, false));
    }

    JdbcSession(Sql sql) {
        this.sql = sql;
    }

    /** Commits the unit of work's transaction, with what its stores left to run at the commit. */
    void commit() throws java.sql.SQLException {
        sql.commit();
    }

    @Override
    public ContentTypeStore contentTypes() {
        if (contentTypes == null) {
            contentTypes = new JdbcContentTypeStore(sql);
        }
        return contentTypes;
    }

    @Override
    public EntryStore entries() {
        if (entries == null) {
            entries = new JdbcEntryStore(sql);
        }
        return entries;
    }

    @Override
    public DomainEventStore events() {
        if (events == null) {
            events = new JdbcDomainEventStore(sql);
        }
        return events;
    }

    @Override
    public RelationStore relations() {
        if (relations == null) {
            relations = new JdbcRelationStore(sql);
        }
        return relations;
    }

    @Override
    public RoleStore roles() {
        if (roles == null) {
            roles = new JdbcRoleStore(sql);
        }
        return roles;
    }

    @Override
    public ApiTokenStore apiTokens() {
        if (apiTokens == null) {
            apiTokens = new JdbcApiTokenStore(sql);
        }
        return apiTokens;
    }

    @Override
    public AuditStore audit() {
        if (audit == null) {
            audit = new JdbcAuditStore(sql);
        }
        return audit;
    }

    @Override
    public SettingStore settings() {
        if (settings == null) {
            settings = new JdbcSettingStore(sql);
        }
        return settings;
    }

    @Override
    public AccountStore accounts() {
        if (accounts == null) {
            accounts = new JdbcAccountStore(sql);
        }
        return accounts;
    }

    @Override
    public WebhookStore webhooks() {
        if (webhooks == null) {
            webhooks = new JdbcWebhookStore(sql);
        }
        return webhooks;
    }

    @Override
    public JobStore jobs() {
        if (jobs == null) {
            jobs = new JdbcJobStore(sql);
        }
        return jobs;
    }

    @Override
    public ScheduleStore schedules() {
        if (schedules == null) {
            schedules = new JdbcScheduleStore(sql);
        }
        return schedules;
    }

    @Override
    public ArchiveStore archive() {
        return new JdbcArchiveStore(sql);
    }

    /** Whether this unit of work changed users, sessions, API tokens or roles. */
    public boolean changedAccess() {
        return sql.changedAccess();
    }
}
