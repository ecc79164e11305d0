package dev.skiff.it.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Orders the classes marked {@code @Execution(CONCURRENT)} first, then the others by name: a
 * long class that runs beside the rest gains nothing if it starts when the rest is done.
 */
public final class ConcurrentClassesFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(ConcurrentClassesFirst::runsInTheSequentialLane)
                .thenComparing(d -> d.getTestClass().getName()));
    }

    private static boolean runsInTheSequentialLane(ClassDescriptor descriptor) {
        return descriptor.findAnnotation(Execution.class).map(e -> e.value() != ExecutionMode.CONCURRENT).orElse(true);
    }
}
