package io.supabackup.adapters.crypto;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.supabackup.domain.port.out.Compressor;
import io.supabackup.domain.port.out.Encryptor;
import java.util.Objects;

/**
 * Binds {@link Encryptor} (and {@link PgpEncryptor}, for its key ids) to OpenPGP and {@link Compression}
 * to the configured codec. Key files are read when the encryptor is first provided, so a missing or
 * unusable key fails there, with a {@code SupabackupException} inside Guice's {@code ProvisionException}.
 */
public final class CryptoModule extends AbstractModule {
    private final CryptoConfig config;

    public CryptoModule(CryptoConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        bind(CryptoConfig.class).toInstance(config);
        bind(Compression.class).toInstance(config.compression());
        bind(Compressor.class).toInstance(config.compression());
        bind(Encryptor.class).to(PgpEncryptor.class);
    }

    @Provides
    @Singleton
    PgpEncryptor pgpEncryptor() {
        return new PgpEncryptor(config);
    }
}
