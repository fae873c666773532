package dev.tally.enrich;

import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The stored stand-in for an IP: the first 63 bits of HMAC-SHA256(salt, ip). Keyed, so the 2^32 IPv4
 * addresses can't be tried one by one without the salt; 63 bits so the value fits ClickHouse's UInt64
 * column as a positive Java long. Empty IPs hash to 0 (unknown visitor).
 */
@Singleton
public final class IpHasher {
    private final ThreadLocal<Mac> macs;

    public IpHasher(EnrichConfiguration configuration) {
        byte[] salt = configuration.ipSalt().getBytes(StandardCharsets.UTF_8);
        this.macs = ThreadLocal.withInitial(() -> newMac(salt));
    }

    public long hash(String ip) {
        if (ip == null || ip.isBlank()) {
            return 0;
        }
        byte[] digest = macs.get().doFinal(ip.strip().getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
    }

    private static Mac newMac(byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[1] : salt, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
