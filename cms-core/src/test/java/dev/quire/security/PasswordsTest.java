package dev.quire.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void aHashIsArgon2idInPhcFormatAndVerifiesOnlyItsOwnPassword() {
        String hash = Passwords.hash("correct-horse-battery");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(Passwords.verify("correct-horse-battery", hash)).isTrue();
        assertThat(Passwords.verify("correct-horse-batterY", hash)).isFalse();
        assertThat(Passwords.hash("correct-horse-battery")).isNotEqualTo(hash);
    }

    @Test
    void hashesStoredBeforeTheSwitchFromPassword4jStillVerify() {
        String password4j = "$argon2id$v=19$m=19456,t=2,p=1$0zeft/U0C4lf6nb1XNRIZA$iiqSPyKYvPVgE9pLbH21EyV3rvWu5EdIHsq0CV2MPjc";
        assertThat(Passwords.verify("correct-horse-battery", password4j)).isTrue();
        assertThat(Passwords.verify("wrong-horse-battery", password4j)).isFalse();
    }

    @Test
    void anUnknownAccountIsAnsweredFalseAfterTheSameWork() {
        assertThat(Passwords.verify("correct-horse-battery", null)).isFalse();
    }
}
