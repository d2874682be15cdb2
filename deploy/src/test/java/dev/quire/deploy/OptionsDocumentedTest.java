package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every {@code cms.*} setting has a row in the README's options table, with its environment variable. */
class OptionsDocumentedTest {

    @Test
    void everySettingIsInTheReadmeOptionsTable() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("## Options");
        String table = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String> keys = ConfigKeys.all();
        assertThat(keys).hasSizeGreaterThan(40);
        for (String key : keys) {
            assertThat(table).as("README options row for %s", key)
                    .contains("| `" + key + "` | `" + ConfigKeys.env(key) + "` |");
        }
    }
}
