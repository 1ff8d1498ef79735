package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * External programs the system tests drive: found on the PATH, required in CI, skipped
 * for want elsewhere.
 */
final class Tools {

    static final Path ROOT = Path.of(System.getProperty("sfcrime.root", "..")).toAbsolutePath().normalize();

    /** How the Debian packages the tests drive are installed (what .ci/run does). */
    static final String APT = "apt-get install ";

    /** How the Dockerfile linter is installed: from npm, at the version .ci/run pins. */
    static final String DOCKERFILE_LINTER = "npm install -g dockerfile-utils, as .ci/run does";

    private Tools() {
    }

    /**
     * Skips the calling test where the program is missing, except in CI ({@code CI} set),
     * where .ci/run installs it and its absence is a failure.
     * @param install the command that installs it, for the message
     */
    static void require(String program, String install) {
        boolean present = find(program) != null;
        if (System.getenv("CI") != null) {
            assertThat(present).as(program + " must be installed in CI (" + install + ")").isTrue();
        }
        assumeTrue(present, program + " is not installed (" + install + ")");
    }

    /** The program's executable as the PATH finds it, or null. */
    static Path find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs a command in the project root, in this JVM's environment changed as
     * {@code environment} says; answers its exit code and output (stdout and stderr
     * together).
     */
    static Result run(List<String> command, Consumer<Map<String, String>> environment, long timeoutSeconds, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        environment.accept(builder.environment());
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s; output in " + log);
        }
        // Lenient: a program may print bytes that are not UTF-8 (kcat prints poison
        // records as they are).
        return new Result(process.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {
    }

}
