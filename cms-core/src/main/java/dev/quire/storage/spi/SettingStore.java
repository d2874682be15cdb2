package dev.quire.storage.spi;

import java.util.Optional;

/** Instance-wide values Quire generates and keeps, such as the dev profile's token signing key. */
public interface SettingStore {

    Optional<String> find(String name);

    /** Stores {@code value} unless the setting exists; @return the stored value, which may be another's */
    String putIfAbsent(String name, String value);
}
