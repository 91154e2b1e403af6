package io.supabackup.cli.bench;

import io.supabackup.testkit.s3.InProcessS3;
import java.util.concurrent.CountDownLatch;

/**
 * Not a test: the in-process S3 server in a JVM of its own, for benchmarks whose clients run as separate
 * processes (the repository upload and rclone). Prints its endpoint on one line, then serves until it is
 * stopped; its bucket {@code backups} exists from the start. Run by bench/repository-upload.sh.
 */
public final class S3Server {
    private S3Server() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println(InProcessS3.endpoint());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
