package io.supabackup.adapters.storage.s3;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's failures into what the port promises: a {@link SupabackupException} with one clear line
 * and a hint where the user must act (missing bucket, refused credentials, unreachable endpoint), an
 * {@link IOException} for everything a retry or the caller may still handle.
 */
final class S3Failures {
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "AccessDenied", "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "InvalidSecurity",
            "AllAccessDisabled", "AuthorizationHeaderMalformed", "InvalidClientTokenId", "UnrecognizedClientException");

    private final String bucket;
    private final String endpoint;
    private final String credentials;

    S3Failures(String bucket, String endpoint, String credentials) {
        this.bucket = bucket;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /**
     * Throws the {@link SupabackupException} for a failure the user must fix; otherwise returns the
     * {@link IOException} to throw, naming {@code action} (e.g. {@code "save key 'a/b'"}).
     */
    IOException translate(String action, SdkException e) {
        SupabackupException fatal = fatal(e);
        if (fatal != null) {
            throw fatal;
        }
        return asIoException(action, e);
    }

    /** Like {@link #translate}, but never throws: a missing bucket, say, becomes an IOException too. */
    IOException asIoException(String action, SdkException e) {
        SupabackupException fatal = fatal(e);
        if (fatal != null) {
            return new IOException(fatal.getMessage(), fatal);
        }
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException interrupted = new InterruptedIOException("interrupted: " + action + " in " + where());
            interrupted.initCause(e);
            return interrupted;
        }
        if (e instanceof S3Exception s3) {
            return new IOException("S3 could not " + action + " in " + where() + ": " + describe(s3), e);
        }
        return new IOException("S3 could not " + action + " in " + where() + ": " + e.getMessage(), e);
    }

    /** The failure the user must act on, or {@code null} when {@code e} is an ordinary I/O failure. */
    SupabackupException fatal(SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = code(s3);
            if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
                return missingBucket(e);
            }
            if (s3.statusCode() == 401 || s3.statusCode() == 403 || CREDENTIAL_CODES.contains(code)) {
                return new SupabackupException(FailureKind.USAGE,
                        "S3 refused the request to bucket " + bucket + " at " + endpoint + " (" + describe(s3)
                                + ") signed with " + credentials,
                        "check the access key id and secret (or the profile) and that they may read and write "
                                + "this bucket; for an S3-compatible store also check the endpoint and region",
                        e);
            }
            if (s3.statusCode() == 301 || "PermanentRedirect".equals(code)) {
                String region = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().sdkHttpResponse()
                        .firstMatchingHeader("x-amz-bucket-region").orElse(null);
                return new SupabackupException(FailureKind.USAGE,
                        "bucket " + bucket + " is not served at " + endpoint
                                + (region != null ? ": it lives in region " + region : ""),
                        "set the S3 region to the bucket's region", e);
            }
            if (s3.statusCode() == 400 && String.valueOf(s3.awsErrorDetails() == null ? null
                    : s3.awsErrorDetails().errorMessage()).contains("Object Lock")) {
                return new SupabackupException(FailureKind.USAGE,
                        "bucket " + bucket + " at " + endpoint + " cannot keep objects locked: " + describe(s3),
                        "Object Lock must be enabled when the bucket is created; use such a bucket or drop the "
                                + "Object Lock retention", e);
            }
            return null;
        }
        if (e instanceof SdkClientException) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("Unable to load credentials") || message.contains("Profile file contained no")
                    || message.contains("profile") && message.contains("not found")) {
                return new SupabackupException(FailureKind.USAGE,
                        "no S3 credentials could be loaded from " + credentials + ": " + firstLine(message),
                        "give an access key id and secret, a profile, or set AWS_ACCESS_KEY_ID and "
                                + "AWS_SECRET_ACCESS_KEY", e);
            }
            Throwable unreachable = unreachableCause(e);
            if (unreachable != null) {
                return new SupabackupException(FailureKind.UNEXPECTED,
                        "cannot reach the S3 endpoint " + endpoint + " for bucket " + bucket + ": "
                                + unreachable.getClass().getSimpleName()
                                + (unreachable.getMessage() != null ? " (" + unreachable.getMessage() + ")" : ""),
                        "check the S3 endpoint URL and region, and that this machine can reach it", e);
            }
        }
        return null;
    }

    SupabackupException missingBucket(Throwable cause) {
        return new SupabackupException(FailureKind.NOT_FOUND, "bucket " + bucket + " does not exist at " + endpoint,
                "create the bucket, or check the bucket name of the repository URI and the S3 endpoint and region",
                cause);
    }

    static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String describe(S3Exception e) {
        String code = code(e);
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        StringBuilder text = new StringBuilder();
        text.append(code != null ? code : "error").append(", HTTP ").append(e.statusCode());
        if (message != null && !message.isBlank() && !message.equals(code)) {
            text.append(": ").append(firstLine(message));
        }
        return text.toString();
    }

    private String where() {
        return "bucket " + bucket + " at " + endpoint;
    }

    private static Throwable unreachableCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SSLException
                    || t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("onnect")
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")
                    || t.getClass().getSimpleName().equals("HttpHostConnectException")) {
                return t;
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
