package io.supabackup.adapters.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Edits a plain-SQL dump line by line while it streams. Only lines that begin a statement outside any
 * quote, comment, dollar-quoted body or {@code COPY ... FROM stdin} data are offered to the editor;
 * every other byte passes through untouched. The editor sees a line as ISO-8859-1 text, which maps
 * each byte to one char and back, so whatever the dump's encoding, unedited bytes survive exactly.
 * Memory stays bounded: a line longer than {@link #MAX_EDITABLE_LINE} is passed through in chunks
 * and never edited (no line we edit is that long).
 */
final class SqlLineFilter extends InputStream {
    static final int MAX_EDITABLE_LINE = 64 * 1024;

    /** Decides what to do with a line that starts a statement. */
    @FunctionalInterface
    interface Editor {
        /** @param line the line without its terminator, as ISO-8859-1 text */
        Edit edit(String line);
    }

    /** What happens to a line that starts a statement. */
    record Edit(Action action, String replacement) {
        enum Action { KEEP, REPLACE, COMMENT_OUT_STATEMENT, DROP_STATEMENT }

        static final Edit KEEP = new Edit(Action.KEEP, null);
        static final Edit COMMENT_OUT = new Edit(Action.COMMENT_OUT_STATEMENT, null);
        static final Edit DROP = new Edit(Action.DROP_STATEMENT, null);

        static Edit replace(String replacement) {
            return new Edit(Action.REPLACE, Objects.requireNonNull(replacement));
        }
    }

    private static final byte[] COMMENT_PREFIX = "-- ".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final Editor editor;
    private final SqlLexer lexer = new SqlLexer();

    private final byte[] inBuf = new byte[64 * 1024];
    private int inPos;
    private int inLen;
    private boolean inEof;

    private byte[] line = new byte[1024];
    private int lineLen;

    private byte[] out = new byte[0];
    private int outPos;
    private int outLen;

    private boolean midLine;
    private boolean copyData;
    private boolean copyPending;
    /** How the rest of the current statement is treated once its first line was commented out or dropped. */
    private Edit.Action statementMode = Edit.Action.KEEP;

    SqlLineFilter(InputStream in, Editor editor) {
        this.in = Objects.requireNonNull(in, "in");
        this.editor = Objects.requireNonNull(editor, "editor");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (outPos >= outLen) {
            if (!produce()) {
                return -1;
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the next line, or the next chunk of a long line, and puts its output in {@link #out}. */
    private boolean produce() throws IOException {
        boolean complete = readLineChunk();
        if (lineLen == 0 && !complete) {
            return false;
        }
        boolean lineStart = !midLine;
        midLine = !complete;
        if (copyData) {
            if (lineStart && complete && isEndOfCopy()) {
                copyData = false;
            }
            emit(line, lineLen, false);
            return true;
        }
        if (lineStart && statementMode == Edit.Action.KEEP && lexer.atStatementStart()) {
            return startOfStatement(complete);
        }
        boolean drop = statementMode == Edit.Action.DROP_STATEMENT;
        boolean prefix = lineStart && statementMode == Edit.Action.COMMENT_OUT_STATEMENT;
        lexer.feed(line, 0, lineLen);
        if (complete && !lexer.statementOpen()) {
            statementMode = Edit.Action.KEEP;
            enterCopyIfPending();
        }
        if (drop) {
            setOut(new byte[0], 0);
        } else {
            emit(line, lineLen, prefix);
        }
        return true;
    }

    private boolean startOfStatement(boolean complete) {
        if (!complete) {
            lexer.feed(line, 0, lineLen);
            emit(line, lineLen, false);
            return true;
        }
        int bodyLen = bodyLength();
        String text = new String(line, 0, bodyLen, StandardCharsets.ISO_8859_1);
        boolean meta = bodyLen > 0 && line[0] == '\\';
        Edit edit = editor.edit(text);
        if (!meta) {
            lexer.feed(line, 0, lineLen);
            copyPending = isCopyFromStdin(text);
        }
        boolean continues = lexer.statementOpen();
        switch (edit.action()) {
            case KEEP -> emit(line, lineLen, false);
            case REPLACE -> {
                byte[] replaced = edit.replacement().getBytes(StandardCharsets.ISO_8859_1);
                byte[] withEnd = Arrays.copyOf(replaced, replaced.length + (lineLen - bodyLen));
                System.arraycopy(line, bodyLen, withEnd, replaced.length, lineLen - bodyLen);
                setOut(withEnd, withEnd.length);
            }
            case COMMENT_OUT_STATEMENT -> {
                emit(line, lineLen, true);
                copyPending = false;
                statementMode = continues ? Edit.Action.COMMENT_OUT_STATEMENT : Edit.Action.KEEP;
            }
            case DROP_STATEMENT -> {
                setOut(new byte[0], 0);
                copyPending = false;
                statementMode = continues ? Edit.Action.DROP_STATEMENT : Edit.Action.KEEP;
            }
        }
        if (!continues) {
            enterCopyIfPending();
        }
        return true;
    }

    private void enterCopyIfPending() {
        if (copyPending) {
            copyPending = false;
            copyData = true;
        }
    }

    private static boolean isCopyFromStdin(String text) {
        return text.startsWith("COPY ") && text.stripTrailing().endsWith(" FROM stdin;");
    }

    private boolean isEndOfCopy() {
        int body = bodyLength();
        return body == 2 && line[0] == '\\' && line[1] == '.';
    }

    /** The line's length without its {@code \n} or {@code \r\n}. */
    private int bodyLength() {
        int n = lineLen;
        if (n > 0 && line[n - 1] == '\n') {
            n--;
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }

    private void emit(byte[] bytes, int len, boolean commentPrefix) {
        if (!commentPrefix) {
            setOut(Arrays.copyOf(bytes, len), len);
            return;
        }
        byte[] result = new byte[len + COMMENT_PREFIX.length];
        System.arraycopy(COMMENT_PREFIX, 0, result, 0, COMMENT_PREFIX.length);
        System.arraycopy(bytes, 0, result, COMMENT_PREFIX.length, len);
        setOut(result, result.length);
    }

    private void setOut(byte[] bytes, int len) {
        out = bytes;
        outPos = 0;
        outLen = len;
    }

    /**
     * Fills {@link #line} with bytes up to and including the next newline, or up to
     * {@link #MAX_EDITABLE_LINE} bytes. Returns true when the line ended (newline or end of input).
     */
    private boolean readLineChunk() throws IOException {
        lineLen = 0;
        while (true) {
            if (inPos >= inLen) {
                if (inEof) {
                    return lineLen > 0;
                }
                inLen = in.read(inBuf, 0, inBuf.length);
                inPos = 0;
                if (inLen < 0) {
                    inLen = 0;
                    inEof = true;
                    return lineLen > 0;
                }
                continue;
            }
            int room = MAX_EDITABLE_LINE - lineLen;
            int end = Math.min(inLen, inPos + room);
            int nl = -1;
            for (int i = inPos; i < end; i++) {
                if (inBuf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int take = (nl >= 0 ? nl + 1 : end) - inPos;
            ensureLineCapacity(lineLen + take);
            System.arraycopy(inBuf, inPos, line, lineLen, take);
            lineLen += take;
            inPos += take;
            if (nl >= 0) {
                return true;
            }
            if (lineLen >= MAX_EDITABLE_LINE) {
                return false;
            }
        }
    }

    private void ensureLineCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, Math.min(MAX_EDITABLE_LINE, line.length * 2)));
        }
    }
}
