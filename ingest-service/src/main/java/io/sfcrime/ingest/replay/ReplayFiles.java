package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallsFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Where a replay may read calls from: the bundled file, or a regular file under
 * {@code sfcrime.replay.files-dir}. Nothing else the service can read is reachable
 * through the {@code file} option: no URL of any scheme (the service never fetches one),
 * no path that leaves the directory, lexically ({@code ..}, an absolute path elsewhere)
 * or through a symbolic link. Paths are checked before the file system is asked about
 * anything outside the directory, so the answers cannot be used to learn what exists
 * elsewhere, and no answer quotes a file's content.
 */
@Component
class ReplayFiles {

    /** A URL scheme as RFC 3986 defines it, followed by its colon. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private final ResourceLoader resourceLoader;

    private final Path dir;

    ReplayFiles(ReplayProperties properties, ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
        this.dir = properties.filesDir() == null ? null : properties.filesDir().toAbsolutePath().normalize();
    }

    /**
     * The resource a {@code file} option names.
     * @throws CallsFileException naming the rule the location breaks
     */
    Resource resolve(String location) {
        if (ReplayProperties.BUNDLED_FILE.equals(location)) {
            return this.resourceLoader.getResource(location);
        }
        if (SCHEME.matcher(location).find()) {
            throw new CallsFileException("only the bundled file (" + ReplayProperties.BUNDLED_FILE + ") or a path "
                    + "under sfcrime.replay.files-dir can be replayed; URLs and other resource locations are refused");
        }
        if (this.dir == null) {
            throw new CallsFileException("sfcrime.replay.files-dir is not set, so only the bundled file ("
                    + ReplayProperties.BUNDLED_FILE + ") can be replayed");
        }
        Path path;
        try {
            path = this.dir.resolve(location).normalize();
        }
        catch (InvalidPathException ex) {
            throw new CallsFileException("'" + location + "' is not a valid path");
        }
        if (!path.startsWith(this.dir) || path.equals(this.dir)) {
            throw outside();
        }
        return new FileSystemResource(realFileInside(path, location));
    }

    /**
     * The file with every symbolic link resolved, checked to be inside the directory: its
     * parent directory first, so that nothing past a link that leads out is looked at,
     * then the file itself.
     */
    private Path realFileInside(Path path, String location) {
        try {
            Path realDir = this.dir.toRealPath();
            Path parent = path.getParent().toRealPath();
            if (!parent.startsWith(realDir)) {
                throw linkOut();
            }
            Path candidate = parent.resolve(path.getFileName());
            if (!Files.exists(candidate)) {
                throw notFound(location);
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(realDir)) {
                throw linkOut();
            }
            if (!Files.isRegularFile(real)) {
                throw new CallsFileException("'" + location + "' under sfcrime.replay.files-dir is not a regular file");
            }
            return real;
        }
        catch (NoSuchFileException ex) {
            throw notFound(location);
        }
        catch (IOException ex) {
            throw new CallsFileException("'" + location + "' under sfcrime.replay.files-dir cannot be read");
        }
    }

    private static CallsFileException outside() {
        return new CallsFileException("must name a file inside sfcrime.replay.files-dir (a path relative to it); "
                + "'..' and paths elsewhere are refused");
    }

    private static CallsFileException linkOut() {
        return new CallsFileException("leads out of sfcrime.replay.files-dir through a symbolic link; refused");
    }

    private static CallsFileException notFound(String location) {
        return new CallsFileException("no file '" + location + "' under sfcrime.replay.files-dir");
    }

}
