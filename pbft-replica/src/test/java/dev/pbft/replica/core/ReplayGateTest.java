package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayGateTest {
    /**
     * An Outbox method the gate inherits as a no-op default never reaches the runtime: each is the
     * gate's own or {@link ForwardingOutbox}'s, which passes it on.
     */
    @Test
    void theGateOverridesEveryOutboxMethod() {
        List<String> inherited = Arrays.stream(Outbox.class.getMethods())
                .filter(m -> declaredBy(m) != ReplayGate.class && declaredBy(m) != ForwardingOutbox.class)
                .map(Method::getName)
                .toList();
        assertEquals(List.of(), inherited);
    }

    private static Class<?> declaredBy(Method m) {
        try {
            return ReplayGate.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
