package io.supabackup.testkit.supabase;

import java.util.List;

/** A bucket to seed with {@link FakeStorage#createBucket(BucketSpec)}: {@code BucketSpec.named("avatars").isPublic(true)}. */
public final class BucketSpec {
    final String id;
    String name;
    boolean isPublic;
    Long fileSizeLimit;
    List<String> allowedMimeTypes;

    private BucketSpec(String id) {
        this.id = id;
        this.name = id;
    }

    /** A private bucket whose id and name are both {@code id}, without limits. */
    public static BucketSpec named(String id) {
        return new BucketSpec(id);
    }

    public BucketSpec displayName(String name) {
        this.name = name;
        return this;
    }

    public BucketSpec isPublic(boolean isPublic) {
        this.isPublic = isPublic;
        return this;
    }

    public BucketSpec fileSizeLimit(Long bytes) {
        this.fileSizeLimit = bytes;
        return this;
    }

    public BucketSpec allowedMimeTypes(String... types) {
        this.allowedMimeTypes = types == null ? null : List.of(types);
        return this;
    }
}
