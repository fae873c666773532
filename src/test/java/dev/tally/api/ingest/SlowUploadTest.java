package dev.tally.api.ingest;

import dev.tally.auth.Plan;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, defect 2, with real sockets: batch bodies sent a byte at a time used to hold the IO threads
 * every route shares, so 64 of them stalled {@code /health}. Now uploads have their own threads, one key
 * may have 8 in progress (beyond, an upload waits up to max-wait for a slot, then 429 with Retry-After), and a
 * body slower than the minimum rate is cut off with 408. The wait is kept well below the grace period here, so
 * the uploads refused for want of a slot are answered before any slow body is cut off.
 */
@MicronautTest
@Property(name = "tally.ingest.uploads.grace-seconds", value = "8")
@Property(name = "tally.ingest.uploads.max-wait", value = "3s")
class SlowUploadTest {
    private static final int SLOW_UPLOADS = 70;

    @Inject
    EmbeddedServer server;
    @Inject
    TestWorkspaces workspaces;

    @Test
    void healthKeepsAnsweringWhileSeventySlowUploadsAreOpen() throws Exception {
        List<TestWorkspace> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(workspaces.create(Plan.PRO));
        }
        List<Socket> uploads = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_UPLOADS; i++) {
                uploads.add(startSlowUpload(keys.get(i % keys.size()).apiKey()));
            }
            Thread.sleep(500); // every upload is now being read, a byte at a time
            for (int probe = 0; probe < 3; probe++) {
                trickle(uploads);
                String health = exchange("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 4_000);
                assertThat(health).as("/health with %d slow uploads open", SLOW_UPLOADS).startsWith("HTTP/1.1 200");
                Thread.sleep(500);
            }
        } finally {
            for (Socket upload : uploads) {
                upload.close();
            }
        }
    }

    @Test
    void oneKeyBeyondEightUploadsGets429AndTricklingBodiesAreCutOffWith408() throws Exception {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        // The first upload of a JVM builds the ingest pipeline (the user-agent rules take seconds): not timed here.
        String body = "{\"event\":\"view\",\"page_id\":\"p\"}\n";
        assertThat(exchange("POST /api/v1/events/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ws.apiKey()
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body, 60_000)).startsWith("HTTP/1.1 200");
        List<Socket> uploads = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                uploads.add(startSlowUpload(ws.apiKey()));
            }
            List<String> answers = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            List<Socket> open = new ArrayList<>(uploads);
            while (!open.isEmpty() && System.currentTimeMillis() < deadline) {
                trickle(open);
                for (Socket upload : List.copyOf(open)) {
                    String answer = readIfAnswered(upload);
                    if (answer != null) {
                        answers.add(answer);
                        open.remove(upload);
                    }
                }
            }
            assertThat(answers).hasSize(10);
            assertThat(answers.stream().filter(answer -> answer.startsWith("HTTP/1.1 429"))).hasSize(2)
                    .allMatch(answer -> answer.contains("\"code\":\"too_many_uploads\""))
                    .allMatch(answer -> answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nretry-after: 1\r\n"));
            assertThat(answers.stream().filter(answer -> answer.startsWith("HTTP/1.1 408"))).hasSize(8)
                    .allMatch(answer -> answer.contains("\"code\":\"upload_too_slow\""));
        } finally {
            for (Socket upload : uploads) {
                upload.close();
            }
        }
    }

    @Test
    void aBatchThatFindsItsKeysSlotsTakenWaitsForOneInsteadOfBeingRefused() throws Exception {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        String body = "{\"event\":\"view\",\"page_id\":\"p\"}\n";
        String batch = "POST /api/v1/events/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ws.apiKey()
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        assertThat(exchange(batch, 60_000)).startsWith("HTTP/1.1 200");
        List<Socket> uploads = new ArrayList<>();
        try (Socket ninth = new Socket("127.0.0.1", server.getPort())) {
            for (int i = 0; i < 8; i++) {
                uploads.add(startSlowUpload(ws.apiKey()));
            }
            Thread.sleep(500); // all eight are being read: the key's slots are taken
            ninth.setSoTimeout(50);
            ninth.getOutputStream().write(batch.getBytes(StandardCharsets.US_ASCII));
            ninth.getOutputStream().flush();
            Thread.sleep(500);
            assertThat(readIfAnswered(ninth)).as("the ninth upload waits for a slot instead of a 429").isNull();
            // One slow upload ends (a valid line, then the last chunk): its slot goes to the waiting ninth.
            Socket finishing = uploads.removeFirst();
            finishing.getOutputStream().write("1e\r\n\"event\":\"view\",\"page_id\":\"p\"}\n\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            finishing.getOutputStream().flush();
            String answer = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (answer == null && System.currentTimeMillis() < deadline) {
                trickle(uploads);
                answer = readIfAnswered(ninth);
            }
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"accepted\":1");
            uploads.add(finishing);
        } finally {
            for (Socket upload : uploads) {
                upload.close();
            }
        }
    }

    private Socket startSlowUpload(String apiKey) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.getPort());
        socket.setSoTimeout(50);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/events/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + apiKey
                + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** One more byte on every upload still open: one chunk of one space. */
    private static void trickle(List<Socket> uploads) {
        for (Socket upload : uploads) {
            try {
                upload.getOutputStream().write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                upload.getOutputStream().flush();
            } catch (IOException e) {
                // the server closed it after answering; the answer is read elsewhere
            }
        }
    }

    private static String readIfAnswered(Socket upload) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            InputStream in = upload.getInputStream();
            int read = in.read(buffer);
            if (read <= 0) {
                return read < 0 ? "closed without an answer" : null;
            }
            Thread.sleep(100); // the rest of a small answer
            int more = in.available() > 0 ? in.read(buffer, read, buffer.length - read) : 0;
            return new String(buffer, 0, read + Math.max(0, more), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String exchange(String request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "no answer within " + timeoutMillis + " ms";
        }
    }
}
