package dev.quire.storage.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageUnavailable;

/**
 * Connection pools, built with Agroal (the pool Quarkus itself uses). Storage modules create their pools here at
 * {@code open()} rather than declaring Quarkus datasources, so a backend that is not selected is never configured, let
 * alone connected, and each backend owns its connection settings in code that its own tests use too.
 */
public final class JdbcPools {

    private JdbcPools() {
    }

    /**
     * A pool that opens connections lazily, up to {@code maxSize}, and fails a borrow after {@code acquisitionTimeout}.
     * {@code user} and {@code password} may be null; {@code exceptionSorter} tells which errors mean the connection is
     * dead.
     */
    public static AgroalDataSource open(Class<?> driver, String jdbcUrl, Properties properties, String user,
            String password, int maxSize, Duration acquisitionTimeout,
            AgroalConnectionPoolConfiguration.ExceptionSorter exceptionSorter) {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(true)
                .connectionPoolConfiguration(pool -> pool
                        // a connection the database dropped (restart, failover, terminated backend) is thrown away
                        // when it fails, and one idle for a while is checked before it is lent, so the pool recovers
                        // by itself when the database comes back
                        .exceptionSorter(exceptionSorter)
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator
                                .defaultValidatorWithTimeout(5))
                        .idleValidationTimeout(Duration.ofSeconds(5))
                        .maxSize(maxSize)
                        .minSize(0)
                        .initialSize(0)
                        .acquisitionTimeout(acquisitionTimeout)
                        .validationTimeout(Duration.ofSeconds(30))
                        .connectionFactoryConfiguration(factory -> {
                            factory.connectionProviderClass(driver).jdbcUrl(jdbcUrl);
                            if (user != null) {
                                factory.principal(new NamePrincipal(user));
                            }
                            if (password != null && !password.isEmpty()) {
                                factory.credential(new SimplePassword(password));
                            }
                            properties.stringPropertyNames()
                                    .forEach(name -> factory.jdbcProperty(name, properties.getProperty(name)));
                            return factory;
                        }));
        try {
            return AgroalDataSource.from(config);
        } catch (SQLException e) {
            throw new StorageUnavailable("could not create a connection pool for " + redact(jdbcUrl), e);
        }
    }

    /** What {@code pool} has in use, may have at most, and how many borrowers wait. */
    public static Storage.PoolStatus status(AgroalDataSource pool) {
        return new Storage.PoolStatus(pool.getMetrics().activeCount(),
                pool.getConfiguration().connectionPoolConfiguration().maxSize(), pool.getMetrics().awaitingCount());
    }

    /** A JDBC URL without its query string, which may carry credentials. */
    public static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
