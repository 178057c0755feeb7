package org.bcpki.pki;

/** An authenticated registrar: its name (the audit log's actor) and what it may issue and revoke. */
public record Registrar(String name, RegistrarScope scope) {}
