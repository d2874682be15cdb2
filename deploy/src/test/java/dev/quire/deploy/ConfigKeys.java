package dev.quire.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.smallrye.config.ConfigMapping;

import dev.quire.CmsConfig;
import dev.quire.storage.postgres.PostgresConfig;
import dev.quire.storage.sqlite.SqliteConfig;

/** Every {@code cms.*} setting, read from the configuration interfaces themselves. */
final class ConfigKeys {

    private ConfigKeys() {
    }

    static List<String> all() {
        List<String> keys = new ArrayList<>();
        for (Class<?> mapping : List.of(CmsConfig.class, SqliteConfig.class, PostgresConfig.class)) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
        }
        return keys;
    }

    /** The environment variable that sets {@code key}. */
    static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void collect(String prefix, Class<?> group, List<String> keys) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getName().startsWith("dev.quire")) {
                collect(key, type, keys);
            } else {
                keys.add(key);
            }
        }
    }
}
