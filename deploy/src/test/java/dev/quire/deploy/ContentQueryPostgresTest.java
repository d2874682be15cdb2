package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same query-language tests, on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class ContentQueryPostgresTest extends ContentQueryTest {
}
