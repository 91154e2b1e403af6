package io.supabackup.adapters.storage.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Storage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Storage} that passes every call on and counts what happens to the upload channels it hands out. */
final class TrackingStorage {
    private final Storage delegate;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    TrackingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    Storage proxy() {
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    Object result = invoke(delegate, method, args);
                    if (method.getName().equals("writer") && result instanceof WriteChannel channel) {
                        opened.incrementAndGet();
                        return track(channel);
                    }
                    return result;
                });
    }

    int writersOpened() {
        return opened.get();
    }

    int writersClosed() {
        return closed.get();
    }

    long bytesWritten() {
        return written.get();
    }

    private WriteChannel track(WriteChannel channel) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                closed.incrementAndGet();
            }
            if (method.getName().equals("write") && args != null && args.length == 1 && args[0] instanceof ByteBuffer b) {
                int before = b.remaining();
                Object n = invoke(channel, method, args);
                written.addAndGet(before - b.remaining());
                return n;
            }
            return invoke(channel, method, args);
        };
        return (WriteChannel) Proxy.newProxyInstance(WriteChannel.class.getClassLoader(),
                new Class<?>[] {WriteChannel.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
