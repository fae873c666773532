package dev.tally.api.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Where a bulk export job's files go. A file is written under a temporary name and appears under its own
 * name only when {@link Upload#commit()} succeeds, so a reader never sees half a file. The local directory
 * ({@link LocalDirectorySink}) is the one sink today; an object store (S3: multipart upload, then complete)
 * fits the same three steps.
 */
interface ExportSink {

    /** Starts writing {@code name} of job {@code jobId}; nothing is visible under that name until committed. */
    Upload begin(String jobId, String name) throws IOException;

    /** Reads a committed file. */
    InputStream open(String jobId, String name) throws IOException;

    /**
     * Removes every file and unfinished upload of the job not named in {@code keep}: what a crash left of the
     * partition it was writing, before that partition is written again.
     */
    void retainOnly(String jobId, Set<String> keep) throws IOException;

    /** One file being written. */
    interface Upload extends AutoCloseable {
        OutputStream stream();

        /** Makes the file visible under its name, replacing any file of that name. */
        void commit() throws IOException;

        /** Drops what was written; does nothing after {@link #commit()}. */
        @Override
        void close() throws IOException;
    }
}
