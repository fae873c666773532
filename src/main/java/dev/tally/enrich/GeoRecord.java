package dev.tally.enrich;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

import java.util.List;
import java.util.Map;

/** The parts of a GeoLite2 City record Tally reads; the decoder skips the rest. */
public record GeoRecord(
        @MaxMindDbParameter(name = "continent") Coded continent,
        @MaxMindDbParameter(name = "country") Coded country,
        @MaxMindDbParameter(name = "subdivisions") List<Coded> subdivisions,
        @MaxMindDbParameter(name = "city") Named city) {

    @MaxMindDbConstructor
    public GeoRecord {
    }

    /** A continent, country or subdivision: its code. */
    public record Coded(@MaxMindDbParameter(name = "code") String code,
                        @MaxMindDbParameter(name = "iso_code") String isoCode) {
        @MaxMindDbConstructor
        public Coded {
        }
    }

    /** A city: its names by language. */
    public record Named(@MaxMindDbParameter(name = "names") Map<String, String> names) {
        @MaxMindDbConstructor
        public Named {
        }
    }
}
