package dev.tally;

import dev.tally.support.TestEngine;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second Tally process on a data directory this one holds stops at once with one clear line (an OS
 * file lock, so it also holds across processes), and bad configuration fails start-up the same way.
 */
@MicronautTest
class SecondProcessTest {

    @Test
    void aSecondProcessOnTheSameDataDirectoryStopsWithOneClearLine() throws Exception {
        Result result = startTally(TestEngine.DATA_DIR.toString(), null);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output().strip()).isEqualTo("tally: cannot start: the data directory "
                + TestEngine.DATA_DIR.toAbsolutePath().normalize()
                + " is in use by another Tally process: stop it, or set TALLY_DATA_DIR to another directory");
    }

    @Test
    void anUnreadableLibraryStopsStartUpWithOneClearLine() throws Exception {
        Result result = startTally("target/unused-data", "target/missing-libchdb.so");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output().strip()).isEqualTo("tally: cannot start: the chDB library target/missing-libchdb.so"
                + " is not a readable file: run scripts/fetch-chdb, or point TALLY_CHDB_LIBRARY at libchdb.so");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result startTally(String dataDir, String library) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("TALLY_DATA_DIR", dataDir);
        builder.environment().put("MICRONAUT_SERVER_PORT", "0");
        if (library != null) {
            builder.environment().put("TALLY_CHDB_LIBRARY", library);
        }
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the second Tally process did not stop");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Only our one line is printed: no banner lines or stack traces around it.
        String ours = output.lines().filter(line -> line.startsWith("tally:")).findFirst().orElse(output);
        assertThat(output.lines().filter(line -> line.contains("Exception") || line.startsWith("\tat ")).toList()).isEmpty();
        return new Result(process.exitValue(), ours);
    }
}
