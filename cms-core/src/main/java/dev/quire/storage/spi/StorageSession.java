package dev.quire.storage.spi;

/** The aggregate stores bound to one transaction; valid only inside the unit of work that received it. */
public interface StorageSession {

    ContentTypeStore contentTypes();

    EntryStore entries();

    AccountStore accounts();

    DomainEventStore events();

    RelationStore relations();

    RoleStore roles();

    ApiTokenStore apiTokens();

    AuditStore audit();

    SettingStore settings();

    WebhookStore webhooks();

    JobStore jobs();

    ScheduleStore schedules();

    /** Whole tables, for export, import and migration; not for request handling. */
    ArchiveStore archive();
}
