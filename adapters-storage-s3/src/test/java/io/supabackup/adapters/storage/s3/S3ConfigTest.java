package io.supabackup.adapters.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class S3ConfigTest {

    @Test
    void defaultsUseTheSdkChainsAndSixteenMibParts() {
        S3Config config = S3Config.defaults();

        assertThat(config.region()).isNull();
        assertThat(config.endpoint()).isNull();
        assertThat(config.pathStyle()).isFalse();
        assertThat(config.hasExplicitCredentials()).isFalse();
        assertThat(config.partSize()).isEqualTo(16L << 20).isGreaterThanOrEqualTo(8L << 20);
        assertThat(config.uploadConcurrency()).isEqualTo(4);
        assertThat(config.sse()).isNull();
        assertThat(config.objectLockMode()).isNull();
        assertThat(config.maxAttempts()).isEqualTo(S3Config.DEFAULT_MAX_ATTEMPTS);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.credentialsDescription()).contains("default AWS credential chain");
    }

    @Test
    void blanksCountAsUnsetAndNamesAreNormalised() {
        S3Config config = S3Config.builder().region(" ").profile("").credentials(" ", "", null)
                .serverSideEncryption("aes256", null).storageClass("standard_ia").objectLock("compliance", 7)
                .build();

        assertThat(config.region()).isNull();
        assertThat(config.profile()).isNull();
        assertThat(config.accessKeyId()).isNull();
        assertThat(config.sse()).isEqualTo("AES256");
        assertThat(config.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(config.objectLockMode()).isEqualTo("COMPLIANCE");
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void partSizeMustBeBetweenFiveMibAndOneGib() {
        assertThat(S3Config.builder().partSize(5L << 20).build().partSize()).isEqualTo(5L << 20);
        assertThatThrownBy(() -> S3Config.builder().partSize((5L << 20) - 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 5 MiB and 1024 MiB");
        assertThatThrownBy(() -> S3Config.builder().partSize((1L << 30) + 1).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadConcurrencyMustBeBetweenOneAndSixteen() {
        assertThat(S3Config.builder().uploadConcurrency(1).build().uploadConcurrency()).isEqualTo(1);
        assertThat(S3Config.builder().uploadConcurrency(16).build().uploadConcurrency()).isEqualTo(16);
        assertThatThrownBy(() -> S3Config.builder().uploadConcurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 16");
        assertThatThrownBy(() -> S3Config.builder().uploadConcurrency(17).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 17");
    }

    @Test
    void credentialsMustBeComplete() {
        assertThatThrownBy(() -> S3Config.builder().credentials("AKIA", null, null).build())
                .hasMessageContaining("give both or neither");
        assertThatThrownBy(() -> S3Config.builder().credentials(null, "secret", null).build())
                .hasMessageContaining("give both or neither");
        assertThatThrownBy(() -> S3Config.builder().credentials(null, null, "token").build())
                .hasMessageContaining("session token");
        assertThatThrownBy(() -> S3Config.builder().credentials("AKIA", "secret", null).profile("p").build())
                .hasMessageContaining("not both");
    }

    @Test
    void encryptionAndObjectLockOptionsAreChecked() {
        assertThatThrownBy(() -> S3Config.builder().serverSideEncryption("rot13", null).build())
                .hasMessageContaining("AES256 or aws:kms");
        assertThatThrownBy(() -> S3Config.builder().serverSideEncryption("AES256", "key").build())
                .hasMessageContaining("needs server-side encryption aws:kms");
        assertThat(S3Config.builder().serverSideEncryption("aws:kms", null).build().kmsKeyId()).isNull();
        assertThatThrownBy(() -> S3Config.builder().objectLock("FOREVER", 1).build())
                .hasMessageContaining("GOVERNANCE or COMPLIANCE");
        assertThatThrownBy(() -> S3Config.builder().objectLock("GOVERNANCE", 0).build())
                .hasMessageContaining("at least one day");
        assertThatThrownBy(() -> S3Config.builder().objectLock(null, 30).build())
                .hasMessageContaining("needs a mode");
        assertThatThrownBy(() -> S3Config.builder().storageClass("no spaces").build())
                .hasMessageContaining("storage class");
    }

    @Test
    void endpointMustBeAnHttpUrlWithoutCredentials() {
        assertThat(S3Config.builder().endpoint(URI.create("https://abc.r2.cloudflarestorage.com")).build().endpoint())
                .hasHost("abc.r2.cloudflarestorage.com");
        assertThatThrownBy(() -> S3Config.builder().endpoint(URI.create("ftp://host")).build())
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> S3Config.builder().endpoint(URI.create("https://key:secret@host")).build())
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining("secret@");
        assertThatThrownBy(() -> S3Config.builder().region("EU Central").build()).hasMessageContaining("region");
        assertThatThrownBy(() -> S3Config.builder().maxAttempts(0).build()).hasMessageContaining("attempts");
        assertThatThrownBy(() -> S3Config.builder().connectTimeout(Duration.ZERO).build())
                .hasMessageContaining("timeout");
    }

    @Test
    void toStringShowsTheKeyIdButNeverTheSecretOrToken() {
        S3Config config = S3Config.builder().credentials("AKIAEXAMPLE", "very-secret-value", "session-token-value")
                .build();

        assertThat(config.toString()).contains("AKIAEXAMPLE").contains("<redacted>")
                .doesNotContain("very-secret-value").doesNotContain("session-token-value");
        assertThat(config.credentialsDescription()).isEqualTo("access key id AKIAEXAMPLE with a session token");
        assertThat(S3Config.builder().profile("backup").build().credentialsDescription())
                .isEqualTo("AWS profile 'backup'");
    }
}
