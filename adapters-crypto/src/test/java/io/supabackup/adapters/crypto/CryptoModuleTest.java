package io.supabackup.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.Encryptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoModuleTest {
    @Test
    void bindsOneOpenPgpEncryptorAndTheConfiguredCompression() throws IOException {
        Injector injector = Guice.createInjector(new CryptoModule(
                CryptoConfig.withPassphrase(Fixtures.MESSAGE_PASSPHRASE, Compression.parse("gzip:9"))));

        Encryptor encryptor = injector.getInstance(Encryptor.class);

        assertThat(encryptor.name()).isEqualTo("openpgp");
        assertThat(encryptor).isSameAs(injector.getInstance(PgpEncryptor.class));
        assertThat(injector.getInstance(Compression.class)).isEqualTo(Compression.parse("gzip:9"));
        PgpEncryptor pgp = (PgpEncryptor) encryptor;
        assertThat(pgp.keyIds()).isEmpty();
        assertThat(pgp.usesPassphrase()).isTrue();
        byte[] plaintext = Fixtures.text(10);
        assertThat(Fixtures.decrypt(pgp, Fixtures.encrypt(pgp, plaintext))).isEqualTo(plaintext);
    }

    @Test
    void theConfigNeverPrintsAPassphrase(@TempDir Path dir) {
        CryptoConfig config = new CryptoConfig(List.of(dir.resolve("k.asc")), "hunter2".toCharArray(),
                dir.resolve("s.asc"), "swordfish".toCharArray(), null);

        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("swordfish").contains("***")
                .contains("k.asc").contains("zstd:3");
        assertThat(config.compression()).isEqualTo(Compression.DEFAULT);
        assertThat(config.canEncrypt()).isTrue();
    }

    @Test
    void theConfigCopiesPassphrasesSoCallersMayWipeTheirs() {
        char[] passphrase = "hunter2".toCharArray();
        CryptoConfig config = CryptoConfig.withPassphrase(passphrase, null);
        java.util.Arrays.fill(passphrase, '\0');

        assertThat(config.passphrase()).containsExactly("hunter2".toCharArray());
        assertThat(config).isEqualTo(CryptoConfig.withPassphrase("hunter2".toCharArray(), null));
    }

    @Test
    void anEmptyPassphraseIsAUsageError() {
        assertThatThrownBy(() -> CryptoConfig.withPassphrase(new char[0], null))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE));
        assertThat(new CryptoConfig(null, null, null, null, null).canEncrypt()).isFalse();
    }
}
