package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;

import dev.quire.CmsConfig;
import dev.quire.storage.postgres.PostgresConfig;
import dev.quire.storage.sqlite.SqliteConfig;

/** Every {@code cms.*} setting has a row in the README's options table, with its environment variable. */
class OptionsDocumentedTest {

    @Test
    void everySettingIsInTheReadmeOptionsTable() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        String table = readme.substring(readme.indexOf("## Options"), readme.indexOf("\n## ", readme.indexOf(
                "## Options") + 1));
        List<String> keys = new ArrayList<>();
        for (Class<?> mapping : List.of(CmsConfig.class, SqliteConfig.class, PostgresConfig.class)) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
        }
        assertThat(keys).hasSizeGreaterThan(40);
        for (String key : keys) {
            String env = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            assertThat(table).as("README options row for %s", key).contains("| `" + key + "` | `" + env + "` |");
        }
    }

    private static void collect(String prefix, Class<?> group, List<String> keys) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(m.getName());
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getName().startsWith("dev.quire")) {
                collect(key, type, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
