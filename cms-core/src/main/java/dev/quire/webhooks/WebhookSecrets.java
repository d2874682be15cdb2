package dev.quire.webhooks;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import dev.quire.storage.spi.WebhookStore.WebhookRecord;

/**
 * Secrets and signatures as the Standard Webhooks specification defines them, signed by its official Java library so
 * that every receiver using one of its libraries verifies them.
 */
public final class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    /** {@code whsec_} and the base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** {@code msg_} and 32 random hex digits, the same form the outbox gives the deliveries it writes. */
    public static String newMessageId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return "msg_" + HexFormat.of().formatHex(id);
    }

    /**
     * The {@code webhook-signature} header: {@code v1,<base64>} under the current secret, followed by one under the
     * previous secret while it is still within its overlap.
     */
    public static String signature(WebhookRecord webhook, String messageId, Instant timestamp, String body,
            Instant now) {
        List<String> signatures = new ArrayList<>();
        signatures.add(sign(webhook.secret(), messageId, timestamp, body));
        if (webhook.previousSecret() != null && webhook.previousSecretUntil() != null
                && now.isBefore(webhook.previousSecretUntil())) {
            signatures.add(sign(webhook.previousSecret(), messageId, timestamp, body));
        }
        return String.join(" ", signatures);
    }

    private static String sign(String secret, String messageId, Instant timestamp, String body) {
        try {
            return new Webhook(secret).sign(messageId, timestamp.getEpochSecond(), body);
        } catch (WebhookSigningException | com.standardwebhooks.exceptions.EmptyWebhookSecretException e) {
            throw new IllegalStateException("stored webhook secret cannot sign", e);
        }
    }
}
