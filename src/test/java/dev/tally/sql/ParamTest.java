package dev.tally.sql;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamTest {

    @Test
    void stringsAreEscapedForClickHouseTextForm() {
        assertThat(Param.string("a\tb\nc\\d\0e'f")).isEqualTo(new Param("String", "a\\tb\\nc\\\\d\\0e'f"));
    }

    @Test
    void arrayElementsAreQuotedLiterals() {
        assertThat(Param.strings(List.of("US", "it's", "a\\b"))).isEqualTo(new Param("Array(String)", "['US','it\\'s','a\\\\b']"));
        assertThat(Param.strings(List.of())).isEqualTo(new Param("Array(String)", "[]"));
    }

    @Test
    void integersOutOfTheirTypeAreRefusedInJavaBecauseClickHouseWouldWrapThem() {
        assertThatThrownBy(() -> Param.uint8(300)).isInstanceOf(IllegalArgumentException.class).hasMessage("UInt8 parameter out of range: 300");
        assertThatThrownBy(() -> Param.uint32(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Param.uint64(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Param.float64(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void instantsAreUtcWithMilliseconds() {
        assertThat(Param.dateTime64(Instant.parse("2026-01-02T03:04:05.678Z")))
                .isEqualTo(new Param("DateTime64(3, 'UTC')", "2026-01-02 03:04:05.678"));
    }

    @Test
    void placeholdersAreNumberedInBindingOrderAndCarryTheirType() {
        Parameters parameters = new Parameters();
        String text = "SELECT " + parameters.bind(Param.string("x")) + ", " + parameters.bind(Param.strings(List.of("a")));
        Sql sql = Sql.of(text, parameters);
        assertThat(sql.text()).isEqualTo("SELECT {p1:String}, {p2:Array(String)}");
        assertThat(sql.params()).containsEntry("p1", Param.string("x")).containsEntry("p2", Param.strings(List.of("a")));
    }
}
