package dev.quire.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpClosedException;

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
}
