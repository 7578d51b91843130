package dev.coffer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Runs a program (python3, gpg, …) to its end within a time limit and collects what it printed. */
public final class ExternalProgram {

    /** How a finished program ended and what it printed. */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }
    }

    private ExternalProgram() {}

    /** Whether the command (such as {@code python3 --version}) runs and exits 0 within 30 seconds. */
    public static boolean succeeds(String... command) {
        try {
            return run(new ProcessBuilder(command).redirectErrorStream(true), null, Duration.ofSeconds(30))
                    .exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    public static Result run(List<String> command, byte[] input, Duration timeout) throws IOException {
        return run(new ProcessBuilder(command), input, timeout);
    }

    /**
     * Starts the program, writes {@code input} (if any) to its stdin and closes it, and waits for the end.
     *
     * @throws IOException when it cannot start, or when it is still running after {@code timeout} (it is killed)
     */
    public static Result run(ProcessBuilder builder, byte[] input, Duration timeout) throws IOException {
        Process process = builder.start();
        FutureTask<byte[]> stdout = readInBackground(process.getInputStream());
        FutureTask<byte[]> stderr = readInBackground(process.getErrorStream());
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeout + ": " + builder.command());
            }
            return new Result(process.exitValue(), collected(stdout),
                    new String(collected(stderr), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + builder.command(), e);
        }
    }

    private static FutureTask<byte[]> readInBackground(InputStream in) {
        FutureTask<byte[]> task = new FutureTask<>(in::readAllBytes);
        Thread.ofVirtual().start(task);
        return task;
    }

    private static byte[] collected(FutureTask<byte[]> task) throws IOException, InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }
}
