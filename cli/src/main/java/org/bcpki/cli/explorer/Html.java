package org.bcpki.cli.explorer;

import java.time.Instant;
import java.util.List;

/**
 * A small HTML writer whose every text and attribute value goes through {@link #escape}: subject
 * ids, reasons, names and gateway fields are chain or network data that an attacker may control.
 */
final class Html {
    private final StringBuilder out = new StringBuilder();

    static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** Markup written as is: only for constant strings of this package. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(Object value) {
        out.append(escape(value));
        return this;
    }

    /** {@code <tag attr="value" ...>}: names are constants, values are escaped. */
    Html open(String tag, String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    Html element(String tag, Object text) {
        return open(tag).text(text).close(tag);
    }

    Html link(String href, Object text) {
        return open("a", "href", href).text(text).close("a");
    }

    /** A shortened hash or address with the full value in its title. */
    Html hash(String value) {
        if (value == null || value.isEmpty()) {
            return text("-");
        }
        String shown = value.length() > 18 ? value.substring(0, 10) + "…" + value.substring(value.length() - 6) : value;
        return open("code", "title", value).text(shown).close("code");
    }

    Html row(List<?> cells) {
        open("tr");
        cells.forEach(c -> element("td", c));
        return close("tr");
    }

    Html header(String... names) {
        open("tr");
        for (String n : names) {
            element("th", n);
        }
        return close("tr");
    }

    static String time(long unixSeconds) {
        return unixSeconds <= 0 ? "-" : Instant.ofEpochSecond(unixSeconds).toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
