package org.bcpki.puf.serial;

/** Where {@link FrameReader} takes its bytes from: a {@link SerialLink}, or bytes in memory in tests. */
interface ByteSource {
    /**
     * Up to {@code length} bytes that have arrived; 0 when none have (after a short wait).
     *
     * @throws org.bcpki.puf.PufException DEVICE_IO when the source is gone
     */
    int readSome(byte[] buffer, int offset, int length);

    /** For messages: the port's name. */
    String name();
}
