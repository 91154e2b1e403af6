package io.supabackup.domain.model;

import java.util.Objects;

/**
 * How many rows one table holds and a hash of their content that does not depend on their order, so
 * that a table read from a data dump and the same table read from a live database can be compared
 * without sorting either.
 *
 * <p>Each row is taken as the line PostgreSQL's {@code COPY … TO STDOUT} (text format) prints for it,
 * without its newline: the exact bytes a plain {@code pg_dump} writes between {@code COPY … FROM stdin;}
 * and {@code \.}. {@code contentHash} is the sum, modulo 2<sup>128</sup>, of a fast 128-bit hash of every such
 * line (see {@code TableContentHash}), as 32 lowercase hex digits.
 *
 * <p>Why a sum: addition commutes, so the order in which rows arrive does not matter, and unlike XOR
 * it counts duplicates (two equal rows do not cancel out). Any change to the multiset of rows (a value
 * changed, a row lost or added) changes the sum unless the hashes of the changed rows happen to add up to the
 * same value, which for changes nobody crafted is vanishingly unlikely. It is a check that a restore or a copy
 * kept every row, not a defence against someone forging rows: the backup's files are protected by their
 * SHA-256 in the manifest. Compare {@link #rows()} too.
 *
 * @param schema      the table's schema, as PostgreSQL spells it (not quoted)
 * @param table       the table's name, as PostgreSQL spells it (not quoted)
 * @param rows        how many rows the table holds
 * @param contentHash the order-independent hash of the rows described above
 */
public record TableStats(String schema, String table, long rows, String contentHash) implements Comparable<TableStats> {
    /** The {@link #contentHash()} of a table without rows. */
    public static final String EMPTY_HASH = "0".repeat(32);

    public TableStats {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(contentHash, "contentHash");
        if (rows < 0) {
            throw new IllegalArgumentException("negative row count for " + schema + "." + table);
        }
        if (!contentHash.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not a content hash for " + schema + "." + table + ": " + contentHash);
        }
    }

    public TableRef ref() {
        return new TableRef(schema, table);
    }

    /** By schema, then table: the order in which both sources list their stats. */
    @Override
    public int compareTo(TableStats o) {
        return ref().compareTo(o.ref());
    }
}
