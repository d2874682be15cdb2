package dev.quire.storage.spi;

/**
 * Notice of changes to what authenticates a request: admin users, their sessions, API tokens and roles. Where the
 * database tells every instance of such a change, whoever made it (another instance, a command-line tool, an operator's
 * SQL), this lets an instance keep resolved sessions and role permissions in memory and still see revocations.
 * <p>
 * A cached value may be used while {@link #stamp()} is what it was when the value was read from the database, and must
 * be read again otherwise. Reading the stamp before the read and storing the value only if the stamp is still the same
 * after it closes the race with a change that commits during the read.
 */
public interface AccessWatch {

    /** What {@link #stamp()} returns while notices may be missed: nothing may be cached or used from a cache. */
    long NOT_LIVE = Long.MIN_VALUE;

    /**
     * A number that changes after every committed change to users, sessions, API tokens or roles, as soon as this
     * instance hears of it, and after every change this instance commits before that commit's write returns;
     * {@link #NOT_LIVE} while this instance cannot be sure it would hear of one.
     */
    long stamp();
}
