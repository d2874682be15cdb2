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

    /** 20,000 ids, 300,000 random symbols: each of the 36 is expected 8,333 times (one standard deviation is 90). */
    @Test
    void everySymbolIsAsLikelyInTheRandomPart() {
        int[] counts = new int[128];
        for (int i = 0; i < 20_000; i++) {
            String id = DocumentIds.next(1_000L);
            for (int c = 9; c < id.length(); c++) {
                counts[id.charAt(c)]++;
            }
        }
        for (char symbol : "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray()) {
            assertThat(counts[symbol]).as("symbol %s", symbol).isBetween(7_900, 8_770);
        }
    }
}
