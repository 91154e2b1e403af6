package io.supabackup.domain.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the lines of JSON Lines as they stream past, so a count costs no second read. */
final class LineCountingInputStream extends FilterInputStream {
    private long lines;

    LineCountingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b == '\n') {
            lines++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            if (buffer[offset + i] == '\n') {
                lines++;
            }
        }
        return n;
    }

    long lines() {
        return lines;
    }
}
