package dev.quire.deploy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same webhook tests, with the outbox and its claims on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class WebhooksPostgresTest extends WebhooksTest {
}
