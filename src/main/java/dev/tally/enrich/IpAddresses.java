package dev.tally.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP literals without ever resolving a host name. */
public final class IpAddresses {
    // Tricky: InetAddress.getByName does a DNS lookup for anything that is not a literal, so only
    // strings that look like IPv4 or IPv6 literals are handed to it.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    public static Optional<InetAddress> parse(String ip) {
        if (ip == null || ip.isBlank()) {
            return Optional.empty();
        }
        String candidate = ip.strip();
        byte[] ipv4 = ipv4(candidate);
        if (ipv4 != null) {
            try {
                return Optional.of(InetAddress.getByAddress(ipv4));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        boolean literal = IPV4.matcher(candidate).matches() || (candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches());
        if (!literal) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    // The common case without regular expressions or exceptions: four decimal octets.
    private static byte[] ipv4(String text) {
        byte[] octets = new byte[4];
        int octet = 0;
        int value = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.' && value >= 0 && octet < 3) {
                octets[octet++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        if (octet != 3 || value < 0) {
            return null;
        }
        octets[3] = (byte) value;
        return octets;
    }

    public static boolean isValid(String ip) {
        return parse(ip).isPresent();
    }
}
