package org.bcpki.puf;

/** Something that yields raw PUF responses: the simulator or a device on a serial line. */
public interface PufSource extends AutoCloseable {
    /**
     * One fresh raw read of the first {@code bytes} bytes of the PUF (each read is noisy).
     *
     * @throws PufException when the source cannot deliver
     */
    byte[] read(int bytes);

    /** The first {@code bits} bits of one fresh read. */
    default BitVector readBits(int bits) {
        return BitVector.fromBytes(read((bits + 7) / 8), bits);
    }

    @Override
    default void close() {}
}
