package dev.quire.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void aClientThatHungUpMidBodyIsAnsweredAsABadRequestNotAnIncident() {
        ErrorResponses responses = new ErrorResponses();
        assertThat(responses.unexpected(new IOException(new ClosedChannelException())).getStatus()).isEqualTo(400);
        assertThat(responses.unexpected(new IllegalStateException("a bug")).getStatus()).isEqualTo(500);
        assertThat(ErrorResponses.clientWentAway(new IOException("disk full"))).isFalse();
    }
}
