package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The storage report and backup refusal on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class StorageAdminPostgresTest extends StorageAdminTest {
}
