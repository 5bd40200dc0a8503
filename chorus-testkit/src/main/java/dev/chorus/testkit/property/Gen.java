package dev.chorus.testkit.property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** Makes one sample from a source of randomness. Compose with {@link #map}, {@link #list} and the statics. */
@FunctionalInterface
public interface Gen<T> {
    T next(RandomGenerator random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return random -> f.apply(next(random)).next(random);
    }

    default Gen<List<T>> list(int minSize, int maxSize) {
        return random -> {
            int size = minSize + random.nextInt(maxSize - minSize + 1);
            var values = new ArrayList<T>(size);
            for (int i = 0; i < size; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    static Gen<Integer> ints(int min, int max) {
        return random -> min + random.nextInt(max - min + 1);
    }

    static Gen<Long> longs(long min, long max) {
        return random -> random.nextLong(min, max == Long.MAX_VALUE ? max : max + 1);
    }

    static Gen<Boolean> booleans() {
        return RandomGenerator::nextBoolean;
    }

    static Gen<byte[]> bytes(int maxLength) {
        return random -> {
            byte[] bytes = new byte[random.nextInt(maxLength + 1)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    /** Text of {@code minLength..maxLength} code points drawn from {@code alphabet} (which may hold any Unicode). */
    static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        int[] points = alphabet.codePoints().toArray();
        if (points.length == 0) {
            throw new IllegalArgumentException("empty alphabet");
        }
        return random -> {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            var text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(points[random.nextInt(points.length)]);
            }
            return text.toString();
        };
    }

    /** Letters, digits and a few marks, plus accented, CJK and emoji code points. */
    String UNICODE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:./ éüßøñçГдЖ日本語注文🎵😀";

    static Gen<String> unicode(int minLength, int maxLength) {
        return strings(UNICODE, minLength, maxLength);
    }

    static Gen<String> alphanumeric(int minLength, int maxLength) {
        return strings("abcdefghijklmnopqrstuvwxyz0123456789", minLength, maxLength);
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        Objects.requireNonNull(values, "values");
        return random -> values[random.nextInt(values.length)];
    }

    @SafeVarargs
    static <T> Gen<T> frequencyOf(Gen<? extends T>... gens) {
        return random -> gens[random.nextInt(gens.length)].next(random);
    }

    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<A, B, R> f) {
        return random -> f.apply(a.next(random), b.next(random));
    }

    static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int maxSize) {
        return random -> {
            int size = random.nextInt(maxSize + 1);
            var map = new HashMap<K, V>();
            for (int i = 0; i < size; i++) {
                map.put(keys.next(random), values.next(random));
            }
            return map;
        };
    }

    /** For reports: byte arrays print as their length and UTF-8 text. */
    static String describe(Object sample) {
        if (sample instanceof byte[] bytes) {
            return bytes.length + " bytes: " + new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(sample);
    }
}
