package io.supabackup.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.model.TableStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyStatsInputStreamTest {
    private static final String PREAMBLE = """
            --
            -- PostgreSQL database dump
            --

            \\restrict AbC123

            SET statement_timeout = 0;
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            SELECT pg_catalog.set_config('search_path', '', false);

            """;

    /** Stats of rows hashed directly, for comparing with what the stream found. */
    private static TableStats expected(String schema, String table, String... rows) {
        return expected(StandardCharsets.UTF_8, schema, table, rows);
    }

    private static TableStats expected(Charset charset, String schema, String table, String... rows) {
        TableContentHash hash = new TableContentHash();
        for (String row : rows) {
            hash.row(row.getBytes(charset));
        }
        return hash.stats(schema, table);
    }

    private static String block(String header, String... rows) {
        StringBuilder out = new StringBuilder("--\n-- Data for Name: x; Type: TABLE DATA; Schema: s; Owner: -\n--\n\n");
        out.append(header).append('\n');
        for (String row : rows) {
            out.append(row).append('\n');
        }
        return out.append("\\.\n\n\n").toString();
    }

    /** Reads the whole dump with chunks of the given size, checking the bytes come through unchanged. */
    private static List<TableStats> statsOf(byte[] dump, int chunk) throws IOException {
        CopyStatsInputStream in = new CopyStatsInputStream(new ByteArrayInputStream(dump));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        int n;
        while ((n = in.read(buffer, 0, chunk)) >= 0) {
            out.write(buffer, 0, n);
        }
        assertThat(out.toByteArray()).isEqualTo(dump);
        return in.stats();
    }

    private static List<TableStats> statsOf(String dump) throws IOException {
        return statsOf(dump.getBytes(StandardCharsets.UTF_8), 8192);
    }

    @Test
    void countsAndHashesEveryBlockAndPassesTheDumpThroughUnchanged() throws IOException {
        String dump = PREAMBLE
                + block("COPY \"public\".\"b\" (\"id\", \"name\") FROM stdin;", "1\tone", "2\t\\N")
                + block("COPY \"app\".\"a\" (\"x\") FROM stdin;", "42")
                + "SELECT pg_catalog.setval('\"public\".\"b_id_seq\"', 2, true);\n\n\\unrestrict AbC123\n";

        List<TableStats> stats = statsOf(dump);

        assertThat(stats).containsExactly(
                expected("app", "a", "42"),
                expected("public", "b", "1\tone", "2\t\\N"));
        assertThat(stats.get(1).rows()).isEqualTo(2);
    }

    @Test
    void theSingleByteReadPathAndAnyChunkSizeAgreeWithBulkReads() throws IOException {
        String dump = PREAMBLE
                + block("COPY \"public\".\"t\" (\"a\", \"b\") FROM stdin;", "1\ta", "\\N\t\\N", "", "x", "ab", "\\\\.")
                + block("COPY \"public\".\"u\" (\"a\") FROM stdin;", "\\.x", "\\\\", "zz");
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        List<TableStats> bulk = statsOf(bytes, 65536);

        CopyStatsInputStream single = new CopyStatsInputStream(new ByteArrayInputStream(bytes));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        int b;
        while ((b = single.read()) >= 0) {
            copy.write(b);
        }

        assertThat(copy.toByteArray()).isEqualTo(bytes);
        assertThat(single.stats()).isEqualTo(bulk);
        for (int chunk : new int[] {1, 2, 3, 5, 7, 64}) {
            assertThat(statsOf(bytes, chunk)).as("chunks of %d bytes", chunk).isEqualTo(bulk);
        }
        assertThat(bulk).containsExactly(
                expected("public", "t", "1\ta", "\\N\t\\N", "", "x", "ab", "\\\\."),
                expected("public", "u", "\\.x", "\\\\", "zz"));
    }

    @Test
    void quotedIdentifiersKeepDotsQuotesAndSpaces() throws IOException {
        String dump = PREAMBLE
                + block("COPY \"My Schema\".\"we\"\"ird.t\" (\"a (b)\", \"c\"\"d\") FROM stdin;", "1\t2")
                + block("COPY public.\"Mixed\" (a, \"B\") FROM stdin;", "3\t4")
                + block("COPY Plain.Lower (a) FROM stdin;", "5");

        assertThat(statsOf(dump)).containsExactly(
                expected("My Schema", "we\"ird.t", "1\t2"),
                expected("plain", "lower", "5"),
                expected("public", "Mixed", "3\t4"));
    }

    @Test
    void anEmptyTableHasNoRowsAndTheEmptyHash() throws IOException {
        String dump = PREAMBLE + block("COPY \"public\".\"empty\" (\"a\") FROM stdin;");

        assertThat(statsOf(dump)).containsExactly(new TableStats("public", "empty", 0, TableStats.EMPTY_HASH));
    }

    @Test
    void aTableWithoutColumnsHasOneEmptyLinePerRow() throws IOException {
        // pg_dump leaves the column list out and writes two spaces before FROM
        String dump = PREAMBLE + block("COPY \"public\".\"nocols\"  FROM stdin;", "", "", "");

        List<TableStats> stats = statsOf(dump);

        assertThat(stats).containsExactly(expected("public", "nocols", "", "", ""));
        assertThat(stats.get(0).rows()).isEqualTo(3);
    }

    @Test
    void aVeryLongRowIsHashedWithoutBeingHeldWhole() throws IOException {
        byte[] longValue = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(longValue);
        for (int i = 0; i < longValue.length; i++) {
            longValue[i] = (byte) ('a' + (longValue[i] & 0x0f)); // printable, no newline
        }
        String row = "1\t" + new String(longValue, StandardCharsets.US_ASCII);
        String dump = PREAMBLE + block("COPY \"public\".\"big\" (\"id\", \"doc\") FROM stdin;", row, "2\tshort");

        assertThat(statsOf(dump.getBytes(StandardCharsets.UTF_8), 4093))
                .containsExactly(expected("public", "big", row, "2\tshort"));
    }

    @Test
    void rowsThatLookLikeSqlStayRows() throws IOException {
        String[] rows = {
                "COPY \"public\".\"evil\" (\"a\") FROM stdin;",
                "\\\\.",
                "-- not a comment",
                "/* not a comment",
                "it's unbalanced '",
                "$$ not a dollar quote",
                "\"unbalanced",
                "SET client_encoding = 'LATIN1';",
                "\\restrict X",
        };
        String dump = PREAMBLE + block("COPY \"public\".\"t\" (\"a\") FROM stdin;", rows)
                + block("COPY \"public\".\"after\" (\"a\") FROM stdin;", "ok");

        assertThat(statsOf(dump)).containsExactly(
                expected("public", "after", "ok"),
                expected("public", "t", rows));
    }

    @Test
    void copyLinesInsideFunctionBodiesStringsAndCommentsStartNoBlock() throws IOException {
        String dump = PREAMBLE + """
                CREATE FUNCTION public.f() RETURNS void LANGUAGE sql AS $body$
                COPY "public"."fake1" ("a") FROM stdin;
                $notit$ still inside
                $body$;
                CREATE FUNCTION public.g() RETURNS void LANGUAGE sql AS $$
                COPY "public"."fake2" ("a") FROM stdin;
                $$;
                COMMENT ON TABLE public.t IS 'a comment that goes on
                COPY "public"."fake3" ("a") FROM stdin;
                and '' on';
                COMMENT ON TABLE public.u IS E'escaped \\' quote
                COPY "public"."fake4" ("a") FROM stdin;
                ';
                /* a block comment /* nested */
                COPY "public"."fake5" ("a") FROM stdin;
                */
                SELECT 1
                COPY "public"."fake6" ("a") FROM stdin;
                ;
                SELECT $1 - 2 / 3;
                """ + block("COPY \"public\".\"real\" (\"a\") FROM stdin;", "1");

        assertThat(statsOf(dump)).containsExactly(expected("public", "real", "1"));
    }

    @Test
    void aTableCopiedInSeveralBlocksCountsOnceWithAllItsRows() throws IOException {
        String dump = PREAMBLE
                + block("COPY \"public\".\"parent\" (\"a\") FROM stdin;", "1", "2")
                + block("COPY \"public\".\"parent\" (\"a\") FROM stdin;", "3");

        assertThat(statsOf(dump)).containsExactly(expected("public", "parent", "1", "2", "3"));
    }

    @Test
    void theHashIgnoresRowOrderButNotAChangedOrMissingRow() throws IOException {
        String header = "COPY \"public\".\"t\" (\"a\", \"b\") FROM stdin;";
        TableStats original = statsOf(PREAMBLE + block(header, "1\ta", "2\tb", "3\tc")).get(0);
        TableStats swapped = statsOf(PREAMBLE + block(header, "3\tc", "1\ta", "2\tb")).get(0);
        TableStats changed = statsOf(PREAMBLE + block(header, "1\ta", "2\tB", "3\tc")).get(0);
        TableStats missing = statsOf(PREAMBLE + block(header, "1\ta", "3\tc")).get(0);
        TableStats duplicated = statsOf(PREAMBLE + block(header, "1\ta", "1\ta", "2\tb", "3\tc")).get(0);
        TableStats pairTwice = statsOf(PREAMBLE + block(header, "1\ta", "1\ta", "3\tc")).get(0);

        assertThat(swapped).isEqualTo(original);
        assertThat(changed.rows()).isEqualTo(original.rows());
        assertThat(changed.contentHash()).isNotEqualTo(original.contentHash());
        assertThat(missing.rows()).isEqualTo(2);
        assertThat(missing.contentHash()).isNotEqualTo(original.contentHash());
        assertThat(duplicated.contentHash()).isNotEqualTo(original.contentHash());
        // XOR would let two equal rows cancel out and make this equal to the table without them
        assertThat(pairTwice.contentHash()).isNotEqualTo(statsOf(PREAMBLE + block(header, "3\tc")).get(0).contentHash());
    }

    @Test
    void otherCopyStatementsCarryNoRows() throws IOException {
        String dump = PREAMBLE
                + "COPY \"public\".\"t\" (\"a\") TO stdout;\n"
                + "COPY \"public\".\"t\" FROM '/tmp/file';\n"
                + "COPY (SELECT 1) TO STDOUT;\n"
                + block("COPY \"public\".\"t\" (\"a\") FROM STDIN;", "1");

        assertThat(statsOf(dump)).containsExactly(expected("public", "t", "1"));
    }

    @Test
    void copyOptionsThatChangeTheRowFormatAreRefused() {
        String dump = PREAMBLE + block("COPY \"public\".\"t\" (\"a\") FROM stdin WITH (FORMAT csv);", "1");

        assertThatThrownBy(() -> statsOf(dump)).isInstanceOf(IOException.class)
                .hasMessageContaining("public.t").hasMessageContaining("FORMAT csv");
    }

    @Test
    void aDumpThatEndsInsideABlockIsAnError() {
        String dump = PREAMBLE + "COPY \"public\".\"t\" (\"a\") FROM stdin;\n1\n2\n";

        assertThatThrownBy(() -> statsOf(dump)).isInstanceOf(IOException.class)
                .hasMessageContaining("public.t").hasMessageContaining("\\.");
    }

    @Test
    void aTerminatorWithoutItsNewlineAtTheEndStillClosesTheBlock() throws IOException {
        String dump = PREAMBLE + "COPY \"public\".\"t\" (\"a\") FROM stdin;\n1\n\\.";

        assertThat(statsOf(dump)).containsExactly(expected("public", "t", "1"));
    }

    @Test
    void statsAreRefusedBeforeTheEnd() throws IOException {
        CopyStatsInputStream in = new CopyStatsInputStream(new ByteArrayInputStream(
                (PREAMBLE + block("COPY \"public\".\"t\" (\"a\") FROM stdin;", "1")).getBytes(StandardCharsets.UTF_8)));
        in.readNBytes(10);

        assertThatThrownBy(in::stats).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void skippedBytesAreCountedToo() throws IOException {
        byte[] dump = (PREAMBLE + block("COPY \"public\".\"t\" (\"a\") FROM stdin;", "1", "2"))
                .getBytes(StandardCharsets.UTF_8);
        CopyStatsInputStream in = new CopyStatsInputStream(new ByteArrayInputStream(dump));

        assertThat(in.skip(dump.length - 5)).isEqualTo(dump.length - 5);
        in.transferTo(java.io.OutputStream.nullOutputStream());

        assertThat(in.stats()).containsExactly(expected("public", "t", "1", "2"));
    }

    @Test
    void namesAreReadInTheDumpsEncoding() throws IOException {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        String dump = PREAMBLE.replace("'UTF8'", "'LATIN1'")
                + block("COPY \"public\".\"caf\u00e9\" (\"a\") FROM stdin;", "cr\u00e8me");

        List<TableStats> stats = statsOf(dump.getBytes(latin1), 8192);

        assertThat(stats).containsExactly(expected(latin1, "public", "caf\u00e9", "cr\u00e8me"));
    }

    @Test
    void postgresEncodingNamesMapToJavaCharsets() {
        assertThat(CopyStatsInputStream.javaCharset("UTF8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(CopyStatsInputStream.javaCharset("SQL_ASCII")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(CopyStatsInputStream.javaCharset("LATIN1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(CopyStatsInputStream.javaCharset("WIN1252")).isEqualTo(Charset.forName("windows-1252"));
        assertThat(CopyStatsInputStream.javaCharset("EUC_JP")).isEqualTo(Charset.forName("EUC-JP"));
    }

    @Test
    void theHashIsTheSumOfTheRowHashesWhicheverWayTheRowsArriveInPieces() {
        String[] rows = {"1\ta", "2\tb", "3\tc", "\\N", "a longer row of text that spans several words\t42"};
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (String row : rows) {
            TableContentHash.RowHash whole = new TableContentHash.RowHash();
            byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
            whole.update(bytes, 0, bytes.length);
            whole.finish();
            // the same row fed a byte, then three bytes, then the rest
            TableContentHash.RowHash pieces = new TableContentHash.RowHash();
            pieces.update(bytes[0]);
            pieces.update(bytes, 1, Math.min(3, bytes.length - 1));
            pieces.update(bytes, Math.min(4, bytes.length), bytes.length - Math.min(4, bytes.length));
            pieces.finish();
            assertThat(pieces.high).isEqualTo(whole.high);
            assertThat(pieces.low).isEqualTo(whole.low);
            sum = sum.add(new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(whole.high)
                    .putLong(whole.low).array()));
        }
        String hex = String.format("%032x", sum.mod(java.math.BigInteger.ONE.shiftLeft(128)));

        assertThat(expected("s", "t", rows).contentHash()).isEqualTo(hex);
    }

    @Test
    void rowsThatDifferOnlyByATrailingZeroByteOrByLengthHashApart() {
        TableContentHash.RowHash a = new TableContentHash.RowHash();
        a.update(new byte[] {'a'}, 0, 1);
        a.finish();
        TableContentHash.RowHash b = new TableContentHash.RowHash();
        b.update(new byte[] {'a', 0}, 0, 2);
        b.finish();
        TableContentHash.RowHash empty = new TableContentHash.RowHash();
        empty.finish();
        assertThat(java.util.Set.of(a.high, b.high, empty.high)).hasSize(3);
    }

    @Test
    void theNewlineSearchFindsTheFirstNewlineAtEveryPosition() {
        java.util.Random random = new java.util.Random(3);
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at <= length; at++) {
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    // bytes near '\n' (0x0a) and 0x8a/0x0b, which a careless word trick mistakes for it
                    byte[] near = {0x0b, 0x09, (byte) 0x8a, 0x1a, 0x00, (byte) 0xff};
                    bytes[i] = near[random.nextInt(near.length)];
                }
                if (at < length) {
                    bytes[at] = '\n';
                    if (at + 1 < length) {
                        bytes[at + 1] = '\n';
                    }
                }
                for (int from = 0; from <= Math.min(at, length); from++) {
                    assertThat(CopyStatsInputStream.indexOfNewline(bytes, from, length)).isEqualTo(at);
                }
            }
        }
    }

    @Test
    void wholeRowsFoundAndHashedInOnePassAgreeWithRowsFedInPiecesAtEveryLengthAndChunkSize() throws IOException {
        Random random = new Random(11);
        byte[] alphabet = {'a', 'z', '0', '\t', '\\', '.', 'N', ' ', 0x0b, 0x09, (byte) 0x8a, 0x00, (byte) 0xff, (byte) 0xc3};
        List<String> rows = new java.util.ArrayList<>();
        StringBuilder dump = new StringBuilder(PREAMBLE).append("COPY \"public\".\"t\" (\"a\") FROM stdin;\n");
        for (int n = 0; n < 600; n++) {
            int length = n < 40 ? n : random.nextInt(n % 7 == 0 ? 300 : 24);
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < length; i++) {
                row.append((char) (alphabet[random.nextInt(alphabet.length)] & 0xff));
            }
            if (row.toString().equals("\\.")) {
                continue;
            }
            rows.add(row.toString());
            dump.append(row).append('\n');
        }
        dump.append("\\.\n\n");
        byte[] bytes = dump.toString().getBytes(StandardCharsets.ISO_8859_1);
        TableContentHash expected = new TableContentHash();
        for (String row : rows) {
            expected.row(row.getBytes(StandardCharsets.ISO_8859_1));
        }

        for (int chunk : new int[] {1, 3, 7, 8, 9, 16, 61, 4096, 65536}) {
            assertThat(statsOf(bytes, chunk)).as("chunks of %d bytes", chunk)
                    .containsExactly(expected.stats("public", "t"));
        }
    }
}
