package io.supabackup.adapters.storage.s3;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Remembers every request the client made, as the SDK model and as the HTTP request of each attempt. */
final class RecordingInterceptor implements ExecutionInterceptor {
    final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    final List<SdkHttpRequest> attempts = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.add(context.request());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.add(context.httpRequest());
    }

    <T extends SdkRequest> List<T> requestsOf(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Headers of the HTTP attempts whose SDK operation is {@code type}, matched by the query it carries. */
    List<Map<String, List<String>>> headersOfAttempts(String method, String queryParameter, boolean present) {
        return attempts.stream()
                .filter(r -> r.method().name().equals(method))
                .filter(r -> r.rawQueryParameters().containsKey(queryParameter) == present)
                .map(SdkHttpRequest::headers)
                .toList();
    }

    void clear() {
        requests.clear();
        attempts.clear();
    }
}
