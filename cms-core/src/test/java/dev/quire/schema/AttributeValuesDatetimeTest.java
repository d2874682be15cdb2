package dev.quire.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AttributeValuesDatetimeTest {

    @Test
    void writesWhatTheFormatterWrites() {
        assertThat(AttributeValues.datetime(Instant.parse("2026-11-21T19:31:02.639Z")))
                .isEqualTo("2026-11-21T19:31:02.639Z");
        assertThat(AttributeValues.datetime(Instant.parse("2024-02-29T00:00:00Z")))
                .isEqualTo("2024-02-29T00:00:00.000Z");
        assertThat(AttributeValues.datetime(Instant.parse("0001-01-01T00:00:00.001Z")))
                .isEqualTo("0001-01-01T00:00:00.001Z");
        assertThat(AttributeValues.datetime(Instant.parse("9999-12-31T23:59:59.999999999Z")))
                .isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(AttributeValues.datetime(Instant.parse("+10000-01-01T00:00:00Z")))
                .isEqualTo(AttributeValues.DATETIME.format(Instant.parse("+10000-01-01T00:00:00Z")));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            assertThat(AttributeValues.datetime(t)).isEqualTo(AttributeValues.DATETIME.format(t));
        }
    }
}
