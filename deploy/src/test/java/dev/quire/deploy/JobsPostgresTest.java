package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same job tests on PostgreSQL, where backups are pg_dump's business and the backup job is unavailable. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class JobsPostgresTest extends JobsTest {
}
