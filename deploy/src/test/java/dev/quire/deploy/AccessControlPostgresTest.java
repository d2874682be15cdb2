package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same access-control tests, on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class AccessControlPostgresTest extends AccessControlTest {
}
