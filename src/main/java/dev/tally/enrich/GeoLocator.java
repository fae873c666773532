package dev.tally.enrich;

import dev.tally.base.FetchedAsset;
import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import io.micronaut.context.annotation.Bean;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** IP → country, region (ISO 3166-2), city and continent, from the GeoLite2 City MMDB read by MaxMind's reader. */
@Singleton
@Bean(preDestroy = "close")
public final class GeoLocator implements AutoCloseable {
    private final Reader reader;

    public GeoLocator(EnrichConfiguration configuration) {
        this(FetchedAsset.GEOIP_DATABASE.resolve(configuration.geoipDatabase()));
    }

    GeoLocator(Path database) {
        if (!Files.isRegularFile(database)) {
            throw new IllegalStateException("GeoIP database " + database + " is missing: run scripts/fetch-geoip"
                    + " (the build does) or set TALLY_GEOIP_DATABASE");
        }
        try {
            // Memory-mapped: the 60 MB file is shared with the page cache, not copied to the heap.
            this.reader = new Reader(database.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache(65_536));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where {@code ip} is; {@link GeoLocation#UNKNOWN} for private, reserved or unparsable addresses. */
    public GeoLocation locate(String ip) {
        Optional<InetAddress> address = IpAddresses.parse(ip);
        if (address.isEmpty()) {
            return GeoLocation.UNKNOWN;
        }
        GeoRecord record;
        try {
            record = reader.get(address.get(), GeoRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return record == null ? GeoLocation.UNKNOWN : toLocation(record);
    }

    private static GeoLocation toLocation(GeoRecord record) {
        String country = record.country() == null || record.country().isoCode() == null ? "" : record.country().isoCode();
        String region = "";
        if (!country.isEmpty() && record.subdivisions() != null && !record.subdivisions().isEmpty()
                && record.subdivisions().getFirst().isoCode() != null) {
            region = country + "-" + record.subdivisions().getFirst().isoCode();
        }
        String city = record.city() == null || record.city().names() == null
                ? "" : record.city().names().getOrDefault("en", "");
        String continent = record.continent() == null || record.continent().code() == null ? "" : record.continent().code();
        return new GeoLocation(country, region, city, continent);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
