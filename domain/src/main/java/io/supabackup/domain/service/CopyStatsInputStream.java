package io.supabackup.domain.service;

import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.model.TableStats;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Passes a plain-SQL dump through unchanged and, as it streams by, takes the {@link TableStats} of every
 * table whose rows it carries in a {@code COPY … FROM stdin;} block, hashing each row line with
 * {@link TableContentHash} as its bytes arrive. Memory stays bounded: a row line is never held, only
 * the line of a statement that may be a {@code COPY} header (at most {@value #MAX_HEADER} bytes).
 *
 * <p>A {@code COPY} line counts only where psql would run it as a statement: at the start of a line that
 * begins a statement, outside string literals, quoted identifiers, dollar quotes and comments. So a
 * function body in a schema-and-data dump that contains such a line does not start a block, and a row
 * whose text looks like SQL stays a row. A block ends at the line {@code \.}; a row's own backslash is
 * always escaped ({@code \\}), so no row can be that line. String literals are lexed as pg_dump writes
 * them, with {@code standard_conforming_strings} on. Table names are read in the dump's encoding, as
 * its {@code SET client_encoding} line says.
 */
public final class CopyStatsInputStream extends FilterInputStream {
    /** Longer than any {@code COPY} header can be: 1600 columns of 63-byte names, quoted. */
    static final int MAX_HEADER = 1 << 20;
    private static final String COPY = "COPY ";
    private static final String SET_ENCODING = "SET client_encoding";
    private static final int PREFIX_CHECKED_AT = SET_ENCODING.length();

    private enum Lex {
        NORMAL, DASH, SLASH, LINE_COMMENT, BLOCK_COMMENT, SQUOTE, SQUOTE_END, BACKSLASH, DQUOTE, DOLLAR_TAG,
        DOLLAR_BODY, META
    }

    private final Map<TableRef, TableContentHash> tables = new TreeMap<>();
    private final byte[] single = new byte[1];
    private Charset charset = StandardCharsets.UTF_8;

    // the SQL between blocks
    private Lex lex = Lex.NORMAL;
    private boolean statementStart = true;
    private boolean escapeString;
    private int wordLength;
    private byte lastWordByte;
    private int commentDepth;
    private byte commentPrevious;
    private final byte[] tag = new byte[64];
    private int tagLength;
    private int dollarMatched;
    private boolean lineStart = true;
    private boolean capturing;
    private byte[] line = new byte[256];
    private int lineLength;

    // the rows of a block
    private TableRef table;
    private TableContentHash rows;
    private long rowLength;
    private final byte[] rowStart = new byte[2];

    private boolean ended;

    public CopyStatsInputStream(InputStream in) {
        super(in);
    }

    /**
     * The stats of every table the dump carries rows for, by schema and then table; a table copied in
     * several blocks counts once, with the rows of all of them.
     *
     * @throws IllegalStateException before the dump has been read to its end
     */
    public List<TableStats> stats() {
        if (!ended) {
            throw new IllegalStateException("table stats are known only once the whole dump has been read");
        }
        return tables.entrySet().stream()
                .map(e -> e.getValue().stats(e.getKey().schema(), e.getKey().name()))
                .toList();
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            single[0] = (byte) b;
            consume(single, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            end();
        } else {
            consume(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes must be seen too, so skip by reading
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: bytes read twice would be counted twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void end() throws IOException {
        if (table != null) {
            if (rowLength == 2 && rowStart[0] == '\\' && rowStart[1] == '.') {
                table = null;
            } else {
                throw new IOException("the dump ends inside the rows of table " + table
                        + ": the \\. line that closes them is missing");
            }
        }
        ended = true;
    }

    private void consume(byte[] bytes, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (table != null) {
                i = consumeRows(bytes, i, end);
            } else {
                consumeSql(bytes[i++]);
            }
        }
    }

    /** Hashes the row bytes up to the end of the line or of the buffer; returns where it stopped. */
    private int consumeRows(byte[] bytes, int from, int end) {
        if (rowLength == 0 && (bytes[from] != '\\' || end - from < 2 || bytes[from + 1] != '.')) {
            // the common case: a whole row in the buffer, found and hashed in one pass
            int newline = rows.wholeRow(bytes, from, end);
            if (newline >= 0) {
                return newline + 1;
            }
        }
        int newline = indexOfNewline(bytes, from, end);
        if (rowLength == 0 && newline < end) {
            // the common case: a whole line in the buffer, hashed straight from it
            if (newline - from == 2 && bytes[from] == '\\' && bytes[from + 1] == '.') {
                table = null;
                rows = null;
                resetLexer();
            } else {
                rows.update(bytes, from, newline - from);
                rows.endRow();
            }
            return newline + 1;
        }
        // the first two bytes of a line wait: they may be the \. that ends the block, which is no row
        int i = from;
        while (rowLength < 2 && i < newline) {
            rowStart[(int) rowLength++] = bytes[i++];
        }
        if (i < newline) {
            if (rowLength == 2) {
                rows.update(rowStart, 0, 2);
            }
            rows.update(bytes, i, newline - i);
            rowLength += newline - i;
        }
        if (newline == end) {
            return end;
        }
        if (rowLength == 2 && rowStart[0] == '\\' && rowStart[1] == '.') {
            table = null;
            rows = null;
            resetLexer();
        } else {
            if (rowLength <= 2) {
                rows.update(rowStart, 0, (int) rowLength);
            }
            rows.endRow();
        }
        rowLength = 0;
        return newline + 1;
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The first newline in the range, or {@code end}: eight bytes at a time, since rows are most of a dump. */
    static int indexOfNewline(byte[] bytes, int from, int end) {
        int i = from;
        while (end - i >= 8) {
            long x = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (zero != 0) {
                // the lowest flagged byte is exact, the first in reading order
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
            i += 8;
        }
        while (i < end && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    private void consumeSql(byte c) throws IOException {
        if (lineStart) {
            lineStart = false;
            capturing = lex == Lex.NORMAL && statementStart;
            lineLength = 0;
        }
        if (capturing && c != '\n') {
            capture(c);
        }
        lex(c);
        if (c == '\n') {
            lineStart = true;
            if (capturing) {
                capturing = false;
                statementLine(new String(line, 0, lineLength, charset));
            }
        }
    }

    private void capture(byte c) {
        if (lineLength == MAX_HEADER) {
            capturing = false;
            return;
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_HEADER, line.length * 2));
        }
        line[lineLength++] = c;
        if (lineLength == PREFIX_CHECKED_AT && !startsWith(COPY) && !startsWith(SET_ENCODING)) {
            capturing = false;
        }
    }

    private boolean startsWith(String prefix) {
        if (lineLength < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void statementLine(String text) throws IOException {
        if (text.startsWith(COPY)) {
            TableRef copied = CopyHeader.parse(text);
            if (copied != null) {
                table = copied;
                rows = tables.computeIfAbsent(copied, t -> new TableContentHash());
                rowLength = 0;
            }
        } else if (text.startsWith(SET_ENCODING)) {
            int open = text.indexOf('\'');
            int close = text.indexOf('\'', open + 1);
            if (open > 0 && close > open) {
                charset = javaCharset(text.substring(open + 1, close));
            }
        }
    }

    private void resetLexer() {
        lex = Lex.NORMAL;
        statementStart = true;
        wordLength = 0;
        lineStart = true;
    }

    private void lex(byte c) {
        switch (lex) {
            case NORMAL -> normal(c);
            case DASH -> {
                if (c == '-') {
                    lex = Lex.LINE_COMMENT;
                } else {
                    operator();
                    normal(c);
                }
            }
            case SLASH -> {
                if (c == '*') {
                    lex = Lex.BLOCK_COMMENT;
                    commentDepth = 1;
                    commentPrevious = 0;
                } else {
                    operator();
                    normal(c);
                }
            }
            case LINE_COMMENT, META -> {
                if (c == '\n') {
                    lex = Lex.NORMAL;
                }
            }
            case BLOCK_COMMENT -> {
                if (commentPrevious == '/' && c == '*') {
                    commentDepth++;
                    commentPrevious = 0;
                } else if (commentPrevious == '*' && c == '/') {
                    commentPrevious = 0;
                    if (--commentDepth == 0) {
                        lex = Lex.NORMAL;
                    }
                } else {
                    commentPrevious = c;
                }
            }
            case SQUOTE -> {
                if (c == '\'') {
                    lex = Lex.SQUOTE_END;
                } else if (c == '\\' && escapeString) {
                    lex = Lex.BACKSLASH;
                }
            }
            case BACKSLASH -> lex = Lex.SQUOTE;
            case SQUOTE_END -> {
                if (c == '\'') {
                    lex = Lex.SQUOTE; // a doubled quote stands for one quote
                } else {
                    lex = Lex.NORMAL;
                    normal(c);
                }
            }
            case DQUOTE -> {
                if (c == '"') {
                    lex = Lex.NORMAL; // a doubled quote closes and reopens, which comes to the same
                }
            }
            case DOLLAR_TAG -> {
                if (c == '$') {
                    lex = Lex.DOLLAR_BODY;
                    dollarMatched = 0;
                } else if (isTagByte(c, tagLength == 0) && tagLength < tag.length) {
                    tag[tagLength++] = c;
                } else {
                    // not a dollar quote after all: a parameter such as $1
                    lex = Lex.NORMAL;
                    wordLength = 0;
                    normal(c);
                }
            }
            case DOLLAR_BODY -> {
                byte expected = dollarMatched == 0 || dollarMatched == tagLength + 1 ? (byte) '$' : tag[dollarMatched - 1];
                if (c == expected) {
                    if (++dollarMatched == tagLength + 2) {
                        lex = Lex.NORMAL;
                        wordLength = 0;
                    }
                } else {
                    dollarMatched = c == '$' ? 1 : 0;
                }
            }
        }
    }

    private void normal(byte c) {
        lex = Lex.NORMAL;
        switch (c) {
            case ';' -> {
                statementStart = true;
                wordLength = 0;
            }
            case '\'' -> {
                escapeString = wordLength == 1 && (lastWordByte == 'E' || lastWordByte == 'e');
                lex = Lex.SQUOTE;
                statementStart = false;
                wordLength = 0;
            }
            case '"' -> {
                lex = Lex.DQUOTE;
                statementStart = false;
                wordLength = 0;
            }
            case '-' -> lex = Lex.DASH;
            case '/' -> lex = Lex.SLASH;
            case '\\' -> {
                // a psql meta-command such as \restrict runs to the end of its line and is no statement
                lex = Lex.META;
                wordLength = 0;
            }
            case '$' -> {
                if (wordLength > 0) {
                    wordLength++;
                    lastWordByte = c;
                } else {
                    lex = Lex.DOLLAR_TAG;
                    tagLength = 0;
                    statementStart = false;
                }
            }
            case ' ', '\t', '\n', '\r', '\f' -> wordLength = 0;
            default -> {
                statementStart = false;
                if (isWordByte(c)) {
                    wordLength++;
                    lastWordByte = c;
                } else {
                    wordLength = 0;
                }
            }
        }
    }

    /** A '-' or '/' that turned out not to start a comment. */
    private void operator() {
        statementStart = false;
        wordLength = 0;
        lex = Lex.NORMAL;
    }

    private static boolean isWordByte(byte c) {
        return c < 0 || c == '_' || c == '$' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isTagByte(byte c, boolean first) {
        return c < 0 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    /** The Java charset for a PostgreSQL encoding name; names in an unknown one are read as UTF-8. */
    static Charset javaCharset(String postgresName) {
        String name = postgresName.trim().toUpperCase(Locale.ROOT);
        if (name.equals("SQL_ASCII")) {
            // no conversion at all: names are whatever bytes were stored, most likely UTF-8
            return StandardCharsets.UTF_8;
        }
        if (name.matches("WIN125[0-8]")) {
            name = "windows-" + name.substring(3);
        } else if (name.equals("WIN866")) {
            name = "IBM866";
        } else if (name.equals("UHC")) {
            name = "x-windows-949";
        }
        for (String candidate : List.of(name, name.replace('_', '-'))) {
            try {
                return Charset.forName(candidate);
            } catch (IllegalArgumentException e) {
                // try the next spelling
            }
        }
        return StandardCharsets.UTF_8;
    }
}
