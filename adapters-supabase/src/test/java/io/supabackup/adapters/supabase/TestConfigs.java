package io.supabackup.adapters.supabase;

import io.supabackup.testkit.supabase.FakeSupabase;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Configs for the fake: short backoffs so retries do not slow the suite, and a sleeper that records waits. */
final class TestConfigs {
    private TestConfigs() {
    }

    static SupabaseConfig config(FakeSupabase supabase, String key) {
        return SupabaseConfig.of(URI.create(supabase.url()), key)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30))
                .withRetries(8, Duration.ofMillis(2), Duration.ofMillis(20));
    }

    static SupabaseConfig config(FakeSupabase supabase) {
        return config(supabase, supabase.serviceRoleKey());
    }

    /** Records every wait asked for and sleeps at most a few milliseconds of it. */
    static final class RecordingSleeper implements SupabaseHttp.Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            Thread.sleep(Math.min(5, duration.toMillis()));
        }
    }
}
