package io.sfcrime.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program in a child process of the test, so that a test can do to it what happens
 * to real services: kill it with SIGKILL, stop it with SIGTERM, start it again on the
 * same working directory. Its output goes to a log file.
 */
public final class ChildJvm {

    private final String name;

    private final List<String> command;

    private final Path workDir;

    private final Path logFile;

    private final Map<String, String> environment;

    private Process process;

    private ChildJvm(String name, List<String> command, Path workDir, Path logFile, Map<String, String> environment) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.logFile = logFile;
        this.environment = Map.copyOf(environment);
    }

    /**
     * A main class run on this test JVM's own class path, with the module flags of this
     * JVM ({@code --add-opens} and the like, which Spark needs on Java 17).
     * @param workDir working directory, kept across restarts; the log is
     * {@code <workDir>/<name>.log}
     */
    public static ChildJvm mainClass(String name, String mainClass, Path workDir, String heap, List<String> args) {
        return mainClass(name, mainClass, workDir, heap, List.of(), args);
    }

    /**
     * As {@link #mainClass(String, String, Path, String, List)}, with more JVM options
     * ({@code -D...}) before the main class.
     */
    public static ChildJvm mainClass(String name, String mainClass, Path workDir, String heap, List<String> jvmOptions,
            List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap));
        command.addAll(moduleFlags());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return new ChildJvm(name, command, workDir, workDir.resolve(name + ".log"), Map.of());
    }

    /** A Boot jar run with {@code java -jar}: its manifest carries what it needs. */
    public static ChildJvm jar(String name, Path jar, Path workDir, String heap, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-jar", jar.toString()));
        command.addAll(args);
        return new ChildJvm(name, command, workDir, workDir.resolve(name + ".log"), Map.of());
    }

    /**
     * The same program with these environment variables added to the test's own, for
     * programs configured by their environment ({@code SPARK_HOME} and the like).
     */
    public ChildJvm withEnvironment(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(this.environment);
        all.putAll(variables);
        return new ChildJvm(this.name, this.command, this.workDir, this.logFile, all);
    }

    /**
     * Starts the program; its log is appended to, so earlier lives of the same program
     * stay readable.
     */
    public synchronized ChildJvm start() {
        if (this.process != null && this.process.isAlive()) {
            throw new IllegalStateException(this.name + " is running already");
        }
        try {
            Files.createDirectories(this.workDir);
            ProcessBuilder builder = new ProcessBuilder(this.command);
            builder.environment().putAll(this.environment);
            this.process = builder.directory(this.workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
                .start();
            return this;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + this.name, ex);
        }
    }

    /**
     * SIGKILL: no shutdown hook runs, nothing is flushed or committed. Waits until the
     * process is gone.
     */
    public synchronized void kill() {
        end(this.process.destroyForcibly(), Duration.ofSeconds(30));
    }

    /** SIGTERM, as Ctrl-C or an orchestrator would, and waits for the program to exit. */
    public synchronized void stop(Duration timeout) {
        if (this.process == null || !this.process.isAlive()) {
            return;
        }
        this.process.destroy();
        if (!waitFor(this.process, timeout)) {
            kill();
        }
    }

    /** Waits for the program to exit by itself and answers its exit code. */
    public int waitFor(Duration timeout) {
        Process running;
        synchronized (this) {
            running = this.process;
        }
        end(running, timeout);
        return running.exitValue();
    }

    public synchronized boolean isAlive() {
        return this.process != null && this.process.isAlive();
    }

    /** The exit code of the last life, or null while it runs. */
    public synchronized Integer exitCode() {
        return this.process == null || this.process.isAlive() ? null : this.process.exitValue();
    }

    public String name() {
        return this.name;
    }

    public Path logFile() {
        return this.logFile;
    }

    /**
     * The last lines of the log, for a failure message: a test's temporary directory, the
     * log with it, is deleted once the test ends.
     */
    public String logTail(int lines) {
        try {
            if (!Files.exists(this.logFile)) {
                return "(no log at " + this.logFile + ")";
            }
            List<String> all = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException | UncheckedIOException ex) {
            return "(log " + this.logFile + " unreadable: " + ex.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return this.name + (this.process == null ? "" : " (pid " + this.process.pid() + ")") + ", log " + this.logFile;
    }

    private void end(Process ending, Duration timeout) {
        if (!waitFor(ending, timeout)) {
            throw new IllegalStateException(this.name + " did not end within " + timeout);
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a process to end", ex);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> moduleFlags() {
        return ManagementFactory.getRuntimeMXBean()
            .getInputArguments()
            .stream()
            .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("--add-exports"))
            .toList();
    }

}
