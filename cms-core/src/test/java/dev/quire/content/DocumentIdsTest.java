package dev.quire.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DocumentIdsTest {

    @Test
    void anIdIs24LowerCaseLettersAndDigitsStartingWithALetter() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(DocumentIds.next()).matches("[a-z][a-z0-9]{23}");
        }
    }

    @Test
    void idsCreatedLaterSortLaterWhateverTheirRandomPart() {
        long t = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
        String earlier = DocumentIds.next(t);
        String later = DocumentIds.next(t + 1);
        assertThat(earlier.substring(0, 9)).isEqualTo("amwq8lds0");
        assertThat(later.substring(0, 9)).isEqualTo("amwq8lds1");
        assertThat(later).isGreaterThan(earlier);
        assertThat(DocumentIds.next(Instant.parse("2059-05-25T00:00:00Z").toEpochMilli())).startsWith("a");
        assertThat(DocumentIds.next(Instant.parse("2059-05-26T00:00:00Z").toEpochMilli())).startsWith("b");
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomPart() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(DocumentIds.next(1_000L));
        }
        assertThat(ids).hasSize(10_000);
    }
}
