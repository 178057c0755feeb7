package org.bcpki.chain.net;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;

/** An {@code enode://<128 hex public key>@<host>:<port>} URL as Besu writes it. */
public record Enode(Bytes publicKey, String host, int port) {
    private static final Pattern URL = Pattern.compile("enode://([0-9a-fA-F]{128})@([^:@/?]+):(\\d{1,5})(\\?.*)?");

    public Enode {
        if (publicKey.size() != 64) {
            throw new IllegalArgumentException("enode public key must be 64 bytes");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("enode port out of range: " + port);
        }
    }

    public static Enode parse(String url) {
        Matcher m = URL.matcher(url.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an enode URL: " + url);
        }
        return new Enode(Bytes.fromHexString(m.group(1)), m.group(2), Integer.parseInt(m.group(3)));
    }

    public String id() {
        return publicKey.toUnprefixedHexString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "enode://" + id() + "@" + host + ":" + port;
    }
}
