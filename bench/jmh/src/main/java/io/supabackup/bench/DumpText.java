package io.supabackup.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Text shaped like pg_dump's data dump: a header, then COPY blocks of pgbench-like and user-like rows. */
public final class DumpText {
    private DumpText() {
    }

    /** About {@code bytes} of a plain-SQL data dump, the same for the same size. */
    public static byte[] generate(int bytes) {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder text = new StringBuilder(bytes + 4096);
        text.append("SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n");
        long row = 0;
        int table = 0;
        while (text.length() < bytes) {
            boolean accounts = table % 2 == 0;
            text.append("--\n-- Data for Name: t").append(table).append("; Type: TABLE DATA; Schema: public\n--\n\n");
            text.append(accounts
                    ? "COPY \"public\".\"accounts_" + table + "\" (\"aid\", \"bid\", \"abalance\", \"filler\") FROM stdin;\n"
                    : "COPY \"public\".\"users_" + table + "\" (\"id\", \"email\", \"created_at\", \"profile\") FROM stdin;\n");
            int blockEnd = Math.min(bytes, text.length() + (1 << 22));
            while (text.length() < blockEnd) {
                row++;
                if (accounts) {
                    text.append(row).append('\t').append(row / 100_000 + 1).append('\t').append(random.nextInt(-5000, 5000))
                            .append('\t').append(" ".repeat(84)).append('\n');
                } else {
                    text.append(String.format("%08x-%04x-4%03x-a%03x-%012x", random.nextInt(), random.nextInt(1 << 16),
                                    random.nextInt(1 << 12), random.nextInt(1 << 12), random.nextLong(1L << 48)))
                            .append('\t').append("user").append(row).append("@example.com\t2026-11-")
                            .append(10 + random.nextInt(18)).append(' ').append(10 + random.nextInt(13)).append(":")
                            .append(10 + random.nextInt(49)).append(":00+00\t{\"plan\": \"")
                            .append(random.nextBoolean() ? "free" : "pro").append("\", \"visits\": ")
                            .append(random.nextInt(1000)).append("}\n");
                }
            }
            text.append("\\.\n\n\n");
            table++;
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
