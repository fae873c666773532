package dev.tally.api.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Job files in a local directory, one folder per job: written as {@code .name.tmp}, fsynced, then renamed,
 * atomic on one file system (POSIX rename), so a crash leaves either the whole file or a temp file.
 */
final class LocalDirectorySink implements ExportSink {
    static final String TEMP_PREFIX = ".";
    static final String TEMP_SUFFIX = ".tmp";

    private final ExportJobStore store;

    LocalDirectorySink(ExportJobStore store) {
        this.store = store;
    }

    @Override
    public Upload begin(String jobId, String name) throws IOException {
        Path folder = store.folder(jobId);
        Path target = folder.resolve(ExportJobStore.checkedName(name));
        Path temp = folder.resolve(TEMP_PREFIX + name + TEMP_SUFFIX);
        var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE);
        OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
        return new Upload() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                out.flush();
                channel.force(true);
                out.close();
                moveAtomically(temp, target);
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    out.close();
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    @Override
    public InputStream open(String jobId, String name) throws IOException {
        return Files.newInputStream(store.folder(jobId).resolve(ExportJobStore.checkedName(name)));
    }

    @Override
    public void retainOnly(String jobId, Set<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(store.folder(jobId))) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!ExportJobStore.isStateFile(name) && !keep.contains(name)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the export directory must allow atomic renames: " + e.getMessage(), e);
        }
    }
}
