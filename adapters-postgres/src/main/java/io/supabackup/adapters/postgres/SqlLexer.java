package io.supabackup.adapters.postgres;

import java.util.Arrays;

/**
 * Just enough of PostgreSQL's lexical rules to know, byte by byte, whether we are inside a string,
 * a quoted identifier, a dollar-quoted body or a comment, and whether a statement is open. It never
 * needs a whole line: state carries across calls, so arbitrarily long lines stream through.
 * Multi-byte characters are safe because every byte it looks for is ASCII, and in the encodings a
 * server may use, bytes of multi-byte characters are never ASCII.
 */
final class SqlLexer {
    private enum State {
        NORMAL, DASH, SLASH, LINE_COMMENT, BLOCK_COMMENT, BLOCK_STAR, BLOCK_SLASH,
        SQUOTE, SQUOTE_END, ESTRING, ESTRING_ESCAPE, ESTRING_END, DQUOTE, DQUOTE_END, DOLLAR_TAG, DOLLAR_BODY
    }

    private static final int MAX_TAG = 64;

    private State state = State.NORMAL;
    private boolean statementOpen;
    private int blockDepth;
    private final byte[] tag = new byte[MAX_TAG];
    private int tagLen;
    /** How much of the closing {@code $tag$} has been seen inside a dollar-quoted body; -1 for none. */
    private int closeMatch = -1;
    private int prev = '\n';
    private int prevPrev = '\n';

    /** True when the next byte would begin a new statement: no statement open, no quote or comment. */
    boolean atStatementStart() {
        return state == State.NORMAL && !statementOpen;
    }

    /** True while a statement has begun and its terminating semicolon has not been seen. */
    boolean statementOpen() {
        return statementOpen || (state != State.NORMAL && state != State.LINE_COMMENT
                && state != State.BLOCK_COMMENT && state != State.BLOCK_STAR && state != State.BLOCK_SLASH
                && state != State.DASH);
    }

    void feed(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            feed(bytes[i] & 0xff);
        }
    }

    private void feed(int b) {
        boolean again = true;
        while (again) {
            again = step(b);
        }
        prevPrev = prev;
        prev = b;
    }

    /** Consumes one byte; returns true when the same byte must be looked at again in the new state. */
    private boolean step(int b) {
        switch (state) {
            case NORMAL -> normal(b);
            case DASH -> {
                if (b == '-') {
                    state = State.LINE_COMMENT;
                } else {
                    statementOpen = true;
                    state = State.NORMAL;
                    return true;
                }
            }
            case SLASH -> {
                if (b == '*') {
                    state = State.BLOCK_COMMENT;
                    blockDepth = 1;
                } else {
                    statementOpen = true;
                    state = State.NORMAL;
                    return true;
                }
            }
            case LINE_COMMENT -> {
                if (b == '\n') {
                    state = State.NORMAL;
                }
            }
            case BLOCK_COMMENT -> {
                if (b == '*') {
                    state = State.BLOCK_STAR;
                } else if (b == '/') {
                    state = State.BLOCK_SLASH;
                }
            }
            case BLOCK_STAR -> {
                if (b == '/') {
                    blockDepth--;
                    state = blockDepth == 0 ? State.NORMAL : State.BLOCK_COMMENT;
                } else {
                    state = State.BLOCK_COMMENT;
                    return b == '*' || b == '/';
                }
            }
            case BLOCK_SLASH -> {
                if (b == '*') {
                    blockDepth++;
                    state = State.BLOCK_COMMENT;
                } else {
                    state = State.BLOCK_COMMENT;
                    return b == '*' || b == '/';
                }
            }
            case SQUOTE -> {
                if (b == '\'') {
                    state = State.SQUOTE_END;
                }
            }
            case SQUOTE_END -> {
                if (b == '\'') {
                    state = State.SQUOTE;
                } else {
                    state = State.NORMAL;
                    return true;
                }
            }
            case ESTRING -> {
                if (b == '\\') {
                    state = State.ESTRING_ESCAPE;
                } else if (b == '\'') {
                    state = State.ESTRING_END;
                }
            }
            case ESTRING_ESCAPE -> state = State.ESTRING;
            case ESTRING_END -> {
                if (b == '\'') {
                    state = State.ESTRING;
                } else {
                    state = State.NORMAL;
                    return true;
                }
            }
            case DQUOTE -> {
                if (b == '"') {
                    state = State.DQUOTE_END;
                }
            }
            case DQUOTE_END -> {
                if (b == '"') {
                    state = State.DQUOTE;
                } else {
                    state = State.NORMAL;
                    return true;
                }
            }
            case DOLLAR_TAG -> {
                if (b == '$') {
                    state = State.DOLLAR_BODY;
                    closeMatch = -1;
                } else if (isIdentByte(b) && !(tagLen == 0 && isDigit(b)) && tagLen < MAX_TAG) {
                    tag[tagLen++] = (byte) b;
                } else {
                    // not a dollar quote after all ($1, a$b): plain tokens
                    state = State.NORMAL;
                    return true;
                }
            }
            case DOLLAR_BODY -> dollarBody(b);
        }
        return false;
    }

    private void normal(int b) {
        switch (b) {
            case '-' -> state = State.DASH;
            case '/' -> state = State.SLASH;
            case '\'' -> {
                statementOpen = true;
                boolean escapeString = (prev == 'E' || prev == 'e') && !isIdentByte(prevPrev);
                state = escapeString ? State.ESTRING : State.SQUOTE;
            }
            case '"' -> {
                statementOpen = true;
                state = State.DQUOTE;
            }
            case '$' -> {
                statementOpen = true;
                if (!isIdentByte(prev)) {
                    state = State.DOLLAR_TAG;
                    tagLen = 0;
                }
            }
            case ';' -> statementOpen = false;
            case ' ', '\t', '\n', '\r', '\f' -> {
                // whitespace neither opens nor closes a statement
            }
            default -> statementOpen = true;
        }
    }

    private void dollarBody(int b) {
        if (closeMatch < 0) {
            if (b == '$') {
                closeMatch = 0;
            }
            return;
        }
        if (closeMatch == tagLen) {
            if (b == '$') {
                state = State.NORMAL;
                closeMatch = -1;
            } else {
                closeMatch = -1;
            }
            return;
        }
        if (tag[closeMatch] == (byte) b) {
            closeMatch++;
        } else {
            closeMatch = b == '$' ? 0 : -1;
        }
    }

    private static boolean isIdentByte(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || isDigit(b) || b == '_' || b == '$' || b >= 0x80;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    @Override
    public String toString() {
        return "SqlLexer[" + state + (statementOpen ? ", open" : "") + ", tag=" + new String(Arrays.copyOf(tag, tagLen),
                java.nio.charset.StandardCharsets.ISO_8859_1) + "]";
    }
}
