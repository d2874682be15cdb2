package dev.quire.storage.spi;

import java.util.List;
import java.util.OptionalLong;

/** One page of entries, with the total number of matches when it was asked for. */
public record EntryPage(List<EntryRecord> items, OptionalLong total) {

    public EntryPage {
        items = List.copyOf(items);
    }
}
