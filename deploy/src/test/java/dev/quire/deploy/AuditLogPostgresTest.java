package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same audit tests, on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class AuditLogPostgresTest extends AuditLogTest {
}
