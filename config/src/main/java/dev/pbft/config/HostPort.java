package dev.pbft.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed {@code host:port}: a host name, an IPv4 address or a bracketed IPv6 address, and a
 * port 1..65535. Parsing never touches the network (no name resolution), so loading a config
 * is fast and gives the same answer on every host.
 */
record HostPort(String host, int port, String canonical) {

    static final String EXPECTED = "expected HOST:PORT such as 10.0.0.1:7000, node1.example.org:7000 or [::1]:7000";
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    /** Thrown with a message of the form "what is wrong; expected ...". */
    static final class BadAddress extends Exception {
        BadAddress(String message) {
            super(message);
        }
    }

    static HostPort parse(String text) throws BadAddress {
        String host;
        String portText;
        String canonicalHost;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new BadAddress("'" + text + "' has no closing ']'; " + EXPECTED);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new BadAddress("'" + text + "' has no port; " + EXPECTED);
            }
            portText = rest.substring(1);
            byte[] address = parseIpv6(host);
            if (address == null) {
                throw new BadAddress("'" + host + "' is not a valid IPv6 address; " + EXPECTED);
            }
            canonicalHost = "[" + hex(address) + "]";
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new BadAddress("'" + text + "' has no port; " + EXPECTED);
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new BadAddress("'" + text + "' looks like an IPv6 address without brackets; "
                        + "expected [IPv6]:PORT such as [::1]:7000");
            }
            if (host.isEmpty()) {
                throw new BadAddress("'" + text + "' has no host; " + EXPECTED);
            }
            canonicalHost = canonicalIpv4OrName(host);
        }
        int port = parsePort(portText);
        return new HostPort(host, port, canonicalHost + ":" + port);
    }

    /** host:port as written in a config file, bracketing IPv6 hosts. */
    static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** True if {@code host} is a valid host name, IPv4 address or (unbracketed) IPv6 address. */
    static boolean isValidHost(String host) {
        if (host.indexOf(':') >= 0) {
            return parseIpv6(host) != null;
        }
        try {
            canonicalIpv4OrName(host);
            return true;
        } catch (BadAddress e) {
            return false;
        }
    }

    private static int parsePort(String portText) throws BadAddress {
        if (portText.isEmpty()) {
            throw new BadAddress("the port is missing; expected a port from 1 to 65535");
        }
        if (!portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadAddress("port '" + portText + "' is not a number; expected a port from 1 to 65535");
        }
        long port = portText.length() > 9 ? Long.MAX_VALUE : Long.parseLong(portText);
        if (port < 1 || port > 65_535) {
            throw new BadAddress("port " + portText + " is out of range; expected a port from 1 to 65535");
        }
        return (int) port;
    }

    private static String canonicalIpv4OrName(String host) throws BadAddress {
        if (IPV4_LIKE.matcher(host).matches()) {
            String[] parts = host.split("\\.", -1);
            boolean ok = parts.length == 4;
            StringBuilder canonical = new StringBuilder();
            for (int i = 0; ok && i < 4; i++) {
                ok = !parts[i].isEmpty() && parts[i].length() <= 3 && Integer.parseInt(parts[i]) <= 255;
                canonical.append(i == 0 ? "" : ".").append(ok ? Integer.parseInt(parts[i]) : 0);
            }
            if (!ok) {
                throw new BadAddress("'" + host + "' is not a valid IPv4 address; expected four numbers from 0 to 255 such as 10.0.0.1");
            }
            return canonical.toString();
        }
        boolean ok = host.length() <= 253;
        for (String label : host.split("\\.", -1)) {
            ok &= LABEL.matcher(label).matches();
        }
        if (!ok) {
            throw new BadAddress("'" + host + "' is not a valid host name; "
                    + "expected letters, digits and '-' in dot-separated labels, an IPv4 address or [IPv6]");
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** The 16 bytes of an IPv6 literal (with optional trailing dotted IPv4), or null. */
    static byte[] parseIpv6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groups(s) : groups(s.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[2 * i] = (byte) (head[i] >> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int g = 8 - tail.length + i;
            out[2 * g] = (byte) (tail[i] >> 8);
            out[2 * g + 1] = (byte) tail[i];
        }
        return out;
    }

    /** 16-bit groups of a colon-separated run; a final dotted IPv4 counts as two groups. */
    private static int[] groups(String run) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        int last = parts.length - 1;
        boolean ipv4Tail = parts[last].indexOf('.') >= 0;
        int[] out = new int[parts.length + (ipv4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            if (i == last && ipv4Tail) {
                try {
                    String[] q = canonicalIpv4OrName(parts[i]).split("\\.");
                    if (q.length != 4 || !IPV4_LIKE.matcher(parts[i]).matches()) {
                        return null;
                    }
                    out[i] = Integer.parseInt(q[0]) << 8 | Integer.parseInt(q[1]);
                    out[i + 1] = Integer.parseInt(q[2]) << 8 | Integer.parseInt(q[3]);
                } catch (BadAddress e) {
                    return null;
                }
            } else if (HEX_GROUP.matcher(parts[i]).matches()) {
                out[i] = Integer.parseInt(parts[i], 16);
            } else {
                return null;
            }
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return sb.toString();
    }
}
