package io.supabackup.domain.port.out;

import io.supabackup.domain.model.DatabaseEndpoint;

/**
 * Throwaway PostgreSQL databases to restore a backup into and check it there (the restore drill), so
 * that proving a backup restores never touches a real project.
 */
public interface ScratchDatabases {

    /** The time zone hosted Supabase servers run in, and so the one their dumps print timestamps in. */
    String SUPABASE_TIME_ZONE = "UTC";

    /**
     * A new, empty database whose default {@code TimeZone} is {@code timeZone}.
     *
     * @param serverMajor the major version of the server the backup was taken from (its manifest's
     *                    {@code serverVersion}); a scratch server older than that is refused, since a dump of a
     *                    newer server may use what an older one lacks
     * @param timeZone    the source server's {@code TimeZone} at backup time: {@code timestamptz} values print
     *                    in it, so table stats of the restored copy match the recorded ones only under the same
     *                    zone
     * @throws io.supabackup.domain.error.SupabackupException if no scratch can be had, with a hint naming
     *                                                        the alternative
     */
    Scratch create(int serverMajor, String timeZone);

    /** {@link #create(int, String)} in {@link #SUPABASE_TIME_ZONE}, right for every hosted Supabase project. */
    default Scratch create(int serverMajor) {
        return create(serverMajor, SUPABASE_TIME_ZONE);
    }

    /** One scratch database; closing it throws it away. */
    interface Scratch extends AutoCloseable {
        /** Where to connect to it, with credentials. */
        DatabaseEndpoint endpoint();

        /** Where it lives, safe to print (no password). */
        String description();

        /** Drops the database or stops the server. Never throws: a failure is logged with what to clean up. */
        @Override
        void close();
    }
}
