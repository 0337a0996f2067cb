package dev.pbft.bench.report;

/** Escaping for text and attribute values in SVG. */
final class Xml {
    private Xml() {
    }

    /** {@code text} safe inside an element or a double- or single-quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c); // not allowed in XML 1.0
            }
        }
        return out.toString();
    }
}
