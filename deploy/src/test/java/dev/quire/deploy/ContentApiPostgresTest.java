package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same content API tests, on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class ContentApiPostgresTest extends ContentApiTest {
}
