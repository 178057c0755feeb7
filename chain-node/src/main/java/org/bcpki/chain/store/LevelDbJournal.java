package org.bcpki.chain.store;

import java.io.ByteArrayOutputStream;

/**
 * Reads a LevelDB journal (the {@code NNNNNN.log} write-ahead file: 32 KiB blocks of records
 * [crc32c 4, length 2, type 1, data], records of type FULL or FIRST/MIDDLE/LAST holding write
 * batches [sequence 8, count 4, entries]) and counts the key and value bytes of its put entries:
 * what the journal holds that no table file holds yet. A torn tail (the writer mid-record) ends the count.
 */
final class LevelDbJournal {
    private static final int BLOCK = 32 * 1024;
    private static final int HEADER = 7;
    private static final int FULL = 1;
    private static final int FIRST = 2;
    private static final int MIDDLE = 3;
    private static final int LAST = 4;

    private LevelDbJournal() {}

    static long entryBytes(byte[] journal) {
        long sum = 0;
        ByteArrayOutputStream batch = null;
        int pos = 0;
        while (pos < journal.length) {
            int inBlock = BLOCK - pos % BLOCK;
            if (inBlock < HEADER) {
                pos += inBlock; // block trailer padding
                continue;
            }
            if (pos + HEADER > journal.length) {
                break;
            }
            int length = (journal[pos + 4] & 0xff) | (journal[pos + 5] & 0xff) << 8;
            int type = journal[pos + 6] & 0xff;
            int start = pos + HEADER;
            if (type == 0 && length == 0) {
                pos += inBlock; // preallocated zeros: nothing more in this block
                continue;
            }
            if (start + length > journal.length || length > inBlock - HEADER) {
                break;
            }
            switch (type) {
                case FULL -> sum += batchEntryBytes(journal, start, length);
                case FIRST -> {
                    batch = new ByteArrayOutputStream();
                    batch.write(journal, start, length);
                }
                case MIDDLE, LAST -> {
                    if (batch != null) {
                        batch.write(journal, start, length);
                        if (type == LAST) {
                            byte[] b = batch.toByteArray();
                            sum += batchEntryBytes(b, 0, b.length);
                            batch = null;
                        }
                    }
                }
                default -> {
                    return sum; // not a journal record: stop rather than guess
                }
            }
            pos = start + length;
        }
        return sum;
    }

    /** Key plus value bytes of the put entries of one write batch. */
    static long batchEntryBytes(byte[] b, int off, int len) {
        int end = off + len;
        int p = off + 12;
        long sum = 0;
        while (p < end) {
            int kind = b[p++] & 0xff;
            long[] kl = varint(b, p, end);
            if (kl == null) {
                return sum;
            }
            p = (int) kl[1] + (int) kl[0];
            if (kind == 1) {
                long[] vl = varint(b, p, end);
                if (vl == null) {
                    return sum;
                }
                p = (int) vl[1] + (int) vl[0];
                sum += kl[0] + vl[0];
            }
        }
        return sum;
    }

    /** [value, position after it], or null past {@code end}. */
    private static long[] varint(byte[] b, int p, int end) {
        long v = 0;
        for (int shift = 0; p < end && shift < 64; shift += 7) {
            int x = b[p++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {v, p};
            }
        }
        return null;
    }
}
