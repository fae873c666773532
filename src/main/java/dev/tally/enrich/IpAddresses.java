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

    public static boolean isValid(String ip) {
        return parse(ip).isPresent();
    }
}
