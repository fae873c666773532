package dev.tally.ingest;

import dev.tally.store.StoreConfiguration;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An import's files under {@code <data dir>/imports/<id>/}: {@code body} (the upload as sent, compressed or
 * not; {@code body.partial} while it arrives), {@code state.json} (the checkpoint, replaced atomically) and
 * {@code errors.ndjson} (the error report). The data directory is the one the engine's rows survive in,
 * so the checkpoint survives exactly what they survive.
 */
@Singleton
final class ImportFiles {
    private static final Argument<ImportState> STATE = Argument.of(ImportState.class);

    private final Path root;
    private final JsonMapper json;

    ImportFiles(StoreConfiguration store, JsonMapper json) {
        this.root = store.dataDir().toAbsolutePath().normalize().resolve("imports");
        this.json = json;
    }

    Path body(String id) {
        return root.resolve(id).resolve("body");
    }

    Path errors(String id) {
        return root.resolve(id).resolve("errors.ndjson");
    }

    /** Copies the upload to {@code body}, at most {@code maxBytes}; returns its size. Over the limit leaves nothing. */
    long spool(String id, InputStream in, long maxBytes) {
        Path partial = root.resolve(id).resolve("body.partial");
        try {
            Files.createDirectories(partial.getParent());
            long total = 0;
            try (OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[256 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    total += read;
                    if (total > maxBytes) {
                        throw new BatchTooLargeException("an import may be at most " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, read);
                }
            }
            force(partial);
            move(partial, body(id));
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover partial body is overwritten by the next upload of this import
            }
        }
    }

    Optional<ImportState> load(String id) {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(root.resolve(id).resolve("state.json")), STATE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the checkpoint beside the old one, flushes it, then swaps it in: a crash leaves one or the other. */
    void save(ImportState state) {
        Path target = root.resolve(state.id()).resolve("state.json");
        Path temporary = target.resolveSibling("state.json.new");
        try {
            Files.createDirectories(target.getParent());
            Files.write(temporary, json.writeValueAsBytes(state));
            force(temporary);
            move(temporary, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of every import on disk (for resuming at start-up). */
    List<String> ids() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            List<String> ids = new ArrayList<>();
            children.filter(Files::isDirectory).forEach(child -> ids.add(child.getFileName().toString()));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the error report for appending, cut back to {@code length} (what the checkpoint counted). */
    FileChannel openErrors(String id, long length) {
        try {
            FileChannel channel = FileChannel.open(errors(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(length);
            channel.position(length);
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
