package dev.tally.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests that run Tally in a child JVM (kill -9, RSS, shutdown) all need to start and talk to it. */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** The {@code java} launcher of the JVM running the tests, for the child. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port free now, for the child to listen on. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code path} on the child listening on {@code port} of the loopback address. */
    public static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The first group of {@code pattern} in {@code text}; fails the test (showing the text) when it does not match. */
    public static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }
}
