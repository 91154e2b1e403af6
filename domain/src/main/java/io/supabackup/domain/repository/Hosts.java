package io.supabackup.domain.repository;

import java.io.IOException;

/** This machine's name, as recorded in backups and locks. */
final class Hosts {
    private static volatile String name;

    private Hosts() {
    }

    static String name() {
        String known = name;
        if (known == null) {
            known = System.getenv("HOSTNAME");
            if (known == null || known.isBlank()) {
                try {
                    known = java.net.InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    known = "unknown";
                }
            }
            name = known;
        }
        return known;
    }
}
