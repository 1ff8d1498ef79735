package io.sfcrime.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The suite's API token for one launch: {@code SFCRIME_API_TOKEN} if the user set it,
 * else 32 random bytes made now. It reaches the services through their environment (never
 * their command line, which every local user can read with {@code ps}), and the user
 * through a file only they can read.
 *
 * @param value the token
 * @param file where it is written for curl:
 * {@code -H "Authorization: Bearer $(cat <file>)"}
 * @param generated whether it was made for this launch
 */
record ApiToken(String value, Path file, boolean generated) {

    /**
     * The environment variable a user sets to choose the token, as for Docker Compose.
     */
    static final String VARIABLE = "SFCRIME_API_TOKEN";

    /**
     * How the services receive it: Spring's relaxed binding of
     * sfcrime.security.api-token.
     */
    static final String SERVICE_VARIABLE = "SFCRIME_SECURITY_API_TOKEN";

    static ApiToken forLaunch(Path workDir) {
        String chosen = System.getenv(VARIABLE);
        boolean generated = chosen == null || chosen.isBlank();
        String value = generated ? generate() : chosen.trim();
        Path file = workDir.resolve("api-token");
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, value + "\n");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the API token to " + file, ex);
        }
        return new ApiToken(value, file, generated);
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The header value, for the launcher's own requests. */
    String bearer() {
        return "Bearer " + this.value;
    }

    /** Never the token itself. */
    @Override
    public String toString() {
        return "ApiToken[file=" + this.file + ", generated=" + this.generated + "]";
    }
}
