package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same draft & publish, locale and event tests, on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class DraftPublishPostgresTest extends DraftPublishTest {
}
