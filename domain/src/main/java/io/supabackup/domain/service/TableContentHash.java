package io.supabackup.domain.service;

import io.supabackup.domain.model.TableStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Builds the {@link TableStats#contentHash()} of a table one row at a time, each row fed in pieces as
 * its bytes arrive, so that no row is ever held whole: a row can be a gigabyte of bytea. Every source
 * of table stats (a dump read back, a live database) hashes through this one class, so that they can
 * only agree or disagree about the data, never about how it was hashed.
 *
 * <p>Each row gets a 128-bit hash from {@link RowHash} (two 64-bit multiply-rotate lanes over 8-byte words,
 * the row's length, and a final avalanche); the table's hash is the sum of its rows' hashes modulo 2<sup>128</sup>.
 * It is not a cryptographic hash: it runs in the backup's hot path, at several gigabytes a second, to catch
 * rows lost, added or changed by accident — the files themselves are protected by their SHA-256.
 */
public final class TableContentHash {
    private final RowHash row = new RowHash();
    private long high;
    private long low;
    private long rows;

    /** Adds bytes to the current row: its COPY text line, without the newline that ends it. */
    public void update(byte[] bytes, int offset, int length) {
        row.update(bytes, offset, length);
    }

    public void update(byte b) {
        row.update(b);
    }

    /** Ends the current row; the next bytes start the next one. */
    public void endRow() {
        row.finish();
        add();
    }

    /**
     * Hashes a whole row that starts at {@code from} and ends with a newline before {@code end}, in one pass
     * that finds the newline and hashes the words before it together: the common case of a dump read in
     * large pieces. Returns the index of that newline, or -1 when there is none in the range, and then
     * nothing has changed. Only at the start of a row: no bytes of it may have been fed yet.
     */
    public int wholeRow(byte[] bytes, int from, int end) {
        if (!row.wholeRow(bytes, from, end)) {
            return -1;
        }
        add();
        return from + (int) row.lastLength;
    }

    private void add() {
        long sum = low + row.low;
        long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
        low = sum;
        high += row.high + carry;
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

    /** The 128-bit hash of one row, fed in pieces; {@link #finish()} leaves the result and starts the next row. */
    static final class RowHash {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long P1 = 0x9E3779B185EBCA87L;
        private static final long P2 = 0xC2B2AE3D27D4EB4FL;
        private static final long P3 = 0x165667B19E3779F9L;
        private static final long P4 = 0x85EBCA77C2B2AE63L;

        private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGH_BITS = 0x8080808080808080L;

        private long a = P3;
        private long b = P4;
        private long length;
        /** The length of the row {@link #wholeRow} hashed last. */
        long lastLength;
        private final byte[] tail = new byte[8];
        private int tailLength;
        long high;
        long low;

        void update(byte value) {
            length++;
            tail[tailLength++] = value;
            if (tailLength == 8) {
                mix((long) LONGS.get(tail, 0));
                tailLength = 0;
            }
        }

        void update(byte[] bytes, int offset, int count) {
            length += count;
            int i = offset;
            int end = offset + count;
            if (tailLength > 0) {
                while (tailLength < 8 && i < end) {
                    tail[tailLength++] = bytes[i++];
                }
                if (tailLength < 8) {
                    return;
                }
                mix((long) LONGS.get(tail, 0));
                tailLength = 0;
            }
            while (end - i >= 8) {
                mix((long) LONGS.get(bytes, i));
                i += 8;
            }
            while (i < end) {
                tail[tailLength++] = bytes[i++];
            }
        }

        /**
         * The same hash as {@link #update} and {@link #finish} of the bytes from {@code from} up to the first
         * newline, found eight bytes at a time while those words are mixed; false, with nothing changed, when
         * no newline comes before {@code end}.
         */
        boolean wholeRow(byte[] bytes, int from, int end) {
            long x = P3;
            long y = P4;
            int i = from;
            while (end - i >= 8) {
                long word = (long) LONGS.get(bytes, i);
                long match = word ^ NEWLINES;
                // a zero byte of match is a newline; the lowest flagged byte is exact, the first in reading order
                long zero = (match - ONES) & ~match & HIGH_BITS;
                if (zero != 0) {
                    int before = Long.numberOfTrailingZeros(zero) >>> 3;
                    long last = before == 0 ? 0 : word & (-1L >>> (64 - 8 * before));
                    finishRow(x, y, last, i + before - from);
                    return true;
                }
                x = Long.rotateLeft(x ^ (word * P2), 31) * P1;
                y = Long.rotateLeft(y + (word * P1), 29) * P3 ^ x;
                i += 8;
            }
            int newline = i;
            while (newline < end && bytes[newline] != '\n') {
                newline++;
            }
            if (newline == end) {
                return false;
            }
            long last = 0;
            for (int k = newline - 1; k >= i; k--) {
                last = (last << 8) | (bytes[k] & 0xffL);
            }
            finishRow(x, y, last, newline - from);
            return true;
        }

        private void finishRow(long x, long y, long last, long rowLength) {
            a = x;
            b = y;
            mix(last);
            mix(rowLength);
            high = avalanche(a + Long.rotateLeft(b, 17));
            low = avalanche(b ^ high);
            a = P3;
            b = P4;
            lastLength = rowLength;
        }

        private void mix(long word) {
            a = Long.rotateLeft(a ^ (word * P2), 31) * P1;
            b = Long.rotateLeft(b + (word * P1), 29) * P3 ^ a;
        }

        void finish() {
            long last = 0;
            for (int i = tailLength - 1; i >= 0; i--) {
                last = (last << 8) | (tail[i] & 0xffL);
            }
            long rowLength = length;
            length = 0;
            tailLength = 0;
            finishRow(a, b, last, rowLength);
        }

        /** MurmurHash3's finaliser: every input bit affects every output bit. */
        private static long avalanche(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            return h ^ (h >>> 33);
        }
    }
}
