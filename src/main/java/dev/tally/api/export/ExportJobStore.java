package dev.tally.api.export;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bulk export jobs on disk: one folder per job under the jobs directory, holding {@code job.json} (the
 * request), {@code manifest.json} (its progress) and, with the local sink, its files. Both state files are
 * written to a temp file and renamed, so a crash leaves the old or the new version, never half of one.
 */
final class ExportJobStore {
    static final String SPEC = "job.json";
    static final String STATE = "manifest.json";

    private final Path root;
    private final ObjectMapper json;

    ExportJobStore(Path root, ObjectMapper json) {
        this.root = root;
        this.json = json;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the export jobs directory " + root, e);
        }
    }

    /** Job ids are generated ({@code exp_} and base62); anything else names no job, never a path. */
    static boolean isJobId(String id) {
        return id.matches("exp_[A-Za-z0-9]{1,64}");
    }

    /** File names are generated too; refusing anything else keeps a request inside the job's folder. */
    static String checkedName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("not a job file name: " + name);
        }
        return name;
    }

    static boolean isStateFile(String name) {
        return name.equals(SPEC) || name.equals(STATE) || name.equals("job.lock") || name.equals("." + SPEC + ".tmp") || name.equals("." + STATE + ".tmp");
    }

    Path folder(String jobId) {
        if (!isJobId(jobId)) {
            throw new IllegalArgumentException("not a job id: " + jobId);
        }
        return root.resolve(jobId);
    }

    void create(ExportJobSpec spec) throws IOException {
        Files.createDirectories(folder(spec.id()));
        write(spec.id(), STATE, json.writeValueAsBytes(ExportJobState.fresh()));
        write(spec.id(), SPEC, json.writeValueAsBytes(spec));
    }

    /** The job, if it exists and was fully created. */
    Optional<ExportJobSpec> spec(String jobId) throws IOException {
        if (!isJobId(jobId)) {
            return Optional.empty();
        }
        Path file = folder(jobId).resolve(SPEC);
        return Files.exists(file) ? Optional.of(json.readValue(Files.readAllBytes(file), ExportJobSpec.class)) : Optional.empty();
    }

    ExportJobState state(String jobId) throws IOException {
        return json.readValue(Files.readAllBytes(folder(jobId).resolve(STATE)), ExportJobState.class);
    }

    void save(String jobId, ExportJobState state) throws IOException {
        write(jobId, STATE, json.writeValueAsBytes(state));
    }

    List<String> jobIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path folder : folders) {
                String name = folder.getFileName().toString();
                if (isJobId(name) && Files.exists(folder.resolve(SPEC))) {
                    ids.add(name);
                }
            }
        }
        return ids;
    }

    /**
     * Removes the job and its files: the folder is first renamed out of the jobs' name space (atomic, so
     * the job is gone for every reader at once and a crash leaves no half-deleted job), then deleted.
     */
    void delete(String jobId) throws IOException {
        Path trash = root.resolve(".deleted-" + jobId + "-" + System.nanoTime());
        LocalDirectorySink.moveAtomically(folder(jobId), trash);
        deleteTree(trash);
    }

    /** Folders a delete renamed but could not finish removing (a crash in between): removed at start. */
    void deleteLeftovers() throws IOException {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, ".deleted-*")) {
            for (Path folder : folders) {
                deleteTree(folder);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void write(String jobId, String name, byte[] bytes) throws IOException {
        Path temp = folder(jobId).resolve("." + name + ".tmp");
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        LocalDirectorySink.moveAtomically(temp, folder(jobId).resolve(name));
    }
}
