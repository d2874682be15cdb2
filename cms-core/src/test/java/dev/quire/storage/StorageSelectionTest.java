package dev.quire.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageCapabilities;
import dev.quire.storage.spi.StorageFactory;

class StorageSelectionTest {

    private static final List<StorageFactory> FACTORIES = List.of(new Fake("filedb", false),
            new Fake("serverdb", true));

    @Test
    void selectsTheFactoryNamedByTheKindWithoutOpeningAnything() {
        assertThat(StorageSelection.select("filedb", FACTORIES, List.of("dev")).id()).isEqualTo("filedb");
        assertThat(StorageSelection.select("serverdb", FACTORIES, List.of("prod")).id()).isEqualTo("serverdb");
        assertThat(FACTORIES).allMatch(f -> ((Fake) f).opened == 0);
    }

    @Test
    void anUnknownKindListsTheKnownOnes() {
        assertThatThrownBy(() -> StorageSelection.select("mongo", FACTORIES, List.of("dev")))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("Unknown storage kind 'mongo' (cms.storage.kind / CMS_STORAGE_KIND)."
                        + " Known kinds: filedb, serverdb.");
    }

    @Test
    void aKindThatIsNotProductionGradeIsRefusedUnderProdWithReasonAndAlternative() {
        assertThatThrownBy(() -> StorageSelection.select("filedb", FACTORIES, List.of("prod")))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("Refusing to start: storage kind 'filedb' is not allowed under the prod"
                        + " profile, and there is no override.\nfiledb is not for production.")
                .hasMessageContaining("To run in production on serverdb, set:\n    KIND=serverdb\n")
                .hasMessageNotContaining("KIND=filedb");
        assertThat(StorageSelection.select("filedb", FACTORIES, List.of("test")).id()).isEqualTo("filedb");
    }

    private static final class Fake implements StorageFactory {

        private final String id;
        private final boolean productionGrade;
        int opened;

        Fake(String id, boolean productionGrade) {
            this.id = id;
            this.productionGrade = productionGrade;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public StorageCapabilities capabilities() {
            return new StorageCapabilities(false, productionGrade, productionGrade, 100, false);
        }

        @Override
        public String productionRefusalReason() {
            return id + " is not for production.";
        }

        @Override
        public String settingsHint() {
            return "KIND=" + id;
        }

        @Override
        public Storage open() {
            opened++;
            throw new UnsupportedOperationException();
        }
    }
}
