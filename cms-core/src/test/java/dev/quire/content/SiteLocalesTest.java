package dev.quire.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.quire.storage.StartupFailure;

class SiteLocalesTest {

    @Test
    void theDefaultLocaleComesFirstAndOnce() {
        assertThat(SiteLocales.codes("en", Optional.of(List.of("fr", "en", "de-CH")))).containsExactly("en", "fr",
                "de-CH");
        assertThat(SiteLocales.codes("fr", Optional.empty())).containsExactly("fr");
    }

    @Test
    void aMalformedCodeStopsTheStartNamingIt() {
        assertThatThrownBy(() -> SiteLocales.codes("en", Optional.of(List.of("fr", "fr_FR", "de CH"))))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("cms.content.default-locale and cms.content.locales take locale codes such as en or fr-FR;"
                        + " these are not: \"fr_FR\", \"de CH\"");
    }

    @Test
    void namesAreStrapisEnglishNameWithTheCode() {
        assertThat(SiteLocales.name("en")).isEqualTo("English (en)");
        assertThat(SiteLocales.name("de-CH")).isEqualTo("German (Switzerland) (de-CH)");
        assertThat(SiteLocales.name("xq")).isEqualTo("xq");
    }
}
