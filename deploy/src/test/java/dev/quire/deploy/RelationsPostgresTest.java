package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same relation tests, on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class RelationsPostgresTest extends RelationsTest {
}
