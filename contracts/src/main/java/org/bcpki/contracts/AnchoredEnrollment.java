package org.bcpki.contracts;

/**
 * A device enrollment anchored on chain by an enroller ({@code enrollments(subjectId)}):
 * {@code attestationHash} is puf-attest's EnrollmentRecord hash. {@code enrollerTrusted} is false once
 * governance removed the enroller; the registry then refuses requests citing it.
 */
public record AnchoredEnrollment(byte[] attestationHash, String enroller, long anchoredAt, boolean enrollerTrusted) {}
