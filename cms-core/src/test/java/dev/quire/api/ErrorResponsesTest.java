package dev.quire.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpClosedException;

import dev.quire.storage.spi.EntryExists;

class ErrorResponsesTest {

    @Test
    void aClientThatHungUpMidBodyIsAnsweredAsABadRequestNotAnIncident() {
        ErrorResponses responses = new ErrorResponses();
        assertThat(responses.unexpected(new IOException(new ClosedChannelException())).getStatus()).isEqualTo(400);
        // what Vert.x reports when the connection closes while a blocking read waits for the rest of the body
        assertThat(responses.unexpected(new IOException(new IOException(new HttpClosedException("Connection was"
                + " closed")))).getStatus()).isEqualTo(400);
        assertThat(responses.unexpected(new IllegalStateException("a bug")).getStatus()).isEqualTo(500);
        assertThat(ErrorResponses.clientWentAway(new IOException("disk full"))).isFalse();
    }

    /**
     * An entry's key taken by a concurrent insert is a conflict to retry, not a problem with an attribute of the
     * request: PostgreSQL runs such a write again, so it reaches a client only when every attempt lost.
     */
    @Test
    void anEntryAddedConcurrentlyIsAConflictNotAValidationError() {
        Response response = new ErrorResponses().storage(new EntryExists());

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getEntity()).asString().contains("name=ConflictError")
                .contains("message=The entry was added by another request at the same time; retry");
    }
}
