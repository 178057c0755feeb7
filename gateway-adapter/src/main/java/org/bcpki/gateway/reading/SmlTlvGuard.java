package org.bcpki.gateway.reading;

/**
 * Checks the type-length structure of an SML file before any parser allocates by its lengths: every
 * length must fit in the bytes that are left and lists may nest only so deep. A hostile length
 * field would otherwise make a parser allocate far more than the frame that carried it.
 */
final class SmlTlvGuard {
    private static final int MAX_DEPTH = 12;
    private static final int MAX_TL_BYTES = 4;
    private static final int TYPE_LIST = 7;

    private SmlTlvGuard() {}

    static void check(byte[] file) throws MalformedReadingException {
        if (file.length == 0) {
            throw new MalformedReadingException("empty SML file");
        }
        int position = 0;
        while (position < file.length) {
            position = element(file, position, 0);
        }
    }

    private static int element(byte[] b, int position, int depth) throws MalformedReadingException {
        if (depth > MAX_DEPTH) {
            throw new MalformedReadingException("SML lists nested deeper than " + MAX_DEPTH);
        }
        if (position >= b.length) {
            throw new MalformedReadingException("SML element missing at offset " + position);
        }
        int first = b[position] & 0xFF;
        if (first == 0x00) {
            return position + 1; // end of an SML message
        }
        int type = (first >> 4) & 0x07;
        long length = first & 0x0F;
        int tlBytes = 1;
        while ((b[position + tlBytes - 1] & 0x80) != 0) {
            if (tlBytes == MAX_TL_BYTES || position + tlBytes >= b.length) {
                throw new MalformedReadingException("bad SML length field at offset " + position);
            }
            int next = b[position + tlBytes] & 0xFF;
            if ((next & 0x70) != 0) {
                throw new MalformedReadingException("bad SML length continuation at offset " + position);
            }
            length = (length << 4) | (next & 0x0F);
            tlBytes++;
        }
        if (type == TYPE_LIST) {
            if (length > b.length - position) {
                throw new MalformedReadingException("SML list of " + length + " elements at offset " + position
                        + " cannot fit in the file");
            }
            int p = position + tlBytes;
            for (long i = 0; i < length; i++) {
                p = element(b, p, depth + 1);
            }
            return p;
        }
        if (length < tlBytes || position + length > b.length) {
            throw new MalformedReadingException("SML element at offset " + position + " claims " + length
                    + " bytes, " + (b.length - position) + " are left");
        }
        return position + (int) length;
    }
}
