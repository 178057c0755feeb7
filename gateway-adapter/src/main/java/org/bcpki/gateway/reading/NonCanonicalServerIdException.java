package org.bcpki.gateway.reading;

/**
 * A well-formed signed reading whose server ID spells its meter ID other than canonically (lower-case
 * manufacturer letters). The signature covers the canonical ID, so such a reading verifies, and would
 * replay a captured reading as a meter no counter knows; the decoder refuses it.
 */
public final class NonCanonicalServerIdException extends MalformedReadingException {
    private final String spelling;

    NonCanonicalServerIdException(String spelling, String canonical) {
        super(MeterServerId.nonCanonical(spelling, canonical));
        this.spelling = spelling;
    }

    /** The ID as it was sent. */
    public String spelling() {
        return spelling;
    }
}
