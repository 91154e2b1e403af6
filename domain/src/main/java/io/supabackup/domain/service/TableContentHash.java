package io.supabackup.domain.service;

import io.supabackup.domain.model.TableStats;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Builds the {@link TableStats#contentHash()} of a table one row at a time, each row fed in pieces as
 * its bytes arrive, so that no row is ever held whole: a row can be a gigabyte of bytea. Every source
 * of table stats (a dump read back, a live database) hashes through this one class, so that they can
 * only agree or disagree about the data, never about how it was hashed.
 */
public final class TableContentHash {
    private final MessageDigest sha256;
    private long high;
    private long low;
    private long rows;

    public TableContentHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Adds bytes to the current row: its COPY text line, without the newline that ends it. */
    public void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
    }

    public void update(byte b) {
        sha256.update(b);
    }

    /** Ends the current row; the next bytes start the next one. */
    public void endRow() {
        byte[] digest = sha256.digest();
        long rowHigh = readLong(digest, 0);
        long rowLow = readLong(digest, 8);
        long sum = low + rowLow;
        long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
        low = sum;
        high += rowHigh + carry;
        rows++;
    }

    /** Hashes a whole row at once, for rows that are at hand anyway. */
    public void row(byte[] line) {
        update(line, 0, line.length);
        endRow();
    }

    public long rows() {
        return rows;
    }

    /** The hash of the rows ended so far, as 32 lowercase hex digits. */
    public String hex() {
        return String.format("%016x%016x", high, low);
    }

    public TableStats stats(String schema, String table) {
        return new TableStats(schema, table, rows, hex());
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
