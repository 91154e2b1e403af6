package io.supabackup.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** The entry point: everything happens in {@link Cli#run}, so that tests can call it with their own streams. */
public final class Main {
    /** The thread each JDK HTTP client keeps waiting on its sockets, for as long as the client lives. */
    private static final Pattern HTTP_SELECTOR = Pattern.compile("HttpClient-\\d+-SelectorManager");

    private Main() {
    }

    public static void main(String[] args) {
        Interruption.install(System.err);
        int exit = new Cli(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                Terminal.system()).run(args);
        stopHttpSelectors();
        System.exit(exit);
    }

    /**
     * Ends the JDK HTTP clients' selector threads, so that the exit that follows is not held up by them. A
     * Java 17 JVM exits only once no thread is inside a native call, or after 300 ms of waiting; a selector
     * thread spends its life in one ({@code epoll_wait}) and Java 17's HTTP client has no {@code close()}:
     * every run that spoke to the Storage or Auth API paid those 300 ms at the end. An interrupted selector
     * thread leaves its loop and ends. Only for the process's exit: the clients are unusable afterwards.
     */
    static void stopHttpSelectors() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (HTTP_SELECTOR.matcher(thread.getName()).matches()) {
                thread.interrupt();
                try {
                    thread.join(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
