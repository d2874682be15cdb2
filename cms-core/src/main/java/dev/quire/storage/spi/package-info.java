/**
 * The storage SPI: what the CMS needs from a database, and nothing about how a database provides it.
 * <p>
 * A backend ships a {@link dev.quire.storage.spi.StorageFactory} (a CDI bean with a stable {@code id()} that
 * {@code cms.storage.kind} names). At start-up the core picks exactly one factory and calls
 * {@link dev.quire.storage.spi.StorageFactory#open()} once; the others are never opened. The resulting
 * {@link dev.quire.storage.spi.Storage} runs units of work: {@code read} on a read connection, {@code write} as one
 * atomic transaction. Inside a unit of work the aggregate stores ({@link dev.quire.storage.spi.ContentTypeStore},
 * {@link dev.quire.storage.spi.EntryStore}, {@link dev.quire.storage.spi.AccountStore}) operate on that transaction.
 * <p>
 * Values in and out are records; failures are the typed exceptions of this package. This package holds only interfaces,
 * records and exceptions: no JDBC, JAX-RS or JSON library types.
 */
package dev.quire.storage.spi;
