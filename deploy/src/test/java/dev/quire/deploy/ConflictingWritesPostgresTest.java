package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same conflicting requests on PostgreSQL, where writers run concurrently and row locks order them. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class ConflictingWritesPostgresTest extends ConflictingWritesTest {
}
