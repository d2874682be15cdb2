package dev.quire.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

import dev.quire.CmsConfig;
import dev.quire.storage.StartupFailure;
import dev.quire.storage.spi.Storage;

/**
 * What the database keeps of a session or API token: HMAC-SHA256 of the token under the signing key
 * ({@code cms.security.signing-key}). Without the key a copy of the database cannot even check a guessed token, and
 * changing the key ends every session and invalidates every API token at once. The prod profile refuses to start
 * without a key of at least 32 characters; dev and test generate one and keep it in the database.
 */
@ApplicationScoped
public class TokenHasher {

    static final String GENERATED_KEY = "token-signing-key";
    static final int MIN_KEY_LENGTH = 32;

    @Inject
    CmsConfig config;

    @Inject
    Storage storage;

    private volatile SecretKeySpec key;

    void init(@Observes @Priority(120) StartupEvent event) {
        key = new SecretKeySpec(resolveKey(config.security().signingKey(), ConfigUtils.getProfiles())
                .getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    private String resolveKey(Optional<String> configured, List<String> profiles) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            if (configured.get().length() < MIN_KEY_LENGTH) {
                throw new StartupFailure("CMS_SECURITY_SIGNING_KEY (cms.security.signing-key) must be at least "
                        + MIN_KEY_LENGTH + " characters; generate one with: openssl rand -base64 48");
            }
            return configured.get();
        }
        if (profiles.contains("prod")) {
            throw new StartupFailure("Refusing to start: CMS_SECURITY_SIGNING_KEY (cms.security.signing-key) is not"
                    + " set. The prod profile needs a secret of at least " + MIN_KEY_LENGTH + " characters to protect"
                    + " session and API tokens; generate one with: openssl rand -base64 48");
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getEncoder().encodeToString(random);
        return storage.write(s -> s.settings().putIfAbsent(GENERATED_KEY, generated));
    }

    public String hash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
