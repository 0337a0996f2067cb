package dev.pbft.cli;

import dev.pbft.replica.service.Service;
import java.lang.reflect.InvocationTargetException;

/** Instantiates an embedder's {@link Service} named on the command line ({@code --service-class}). */
final class ServiceClasses {
    private ServiceClasses() {
    }

    /**
     * A new instance of {@code className}, which must be on the classpath, implement {@link Service}
     * and have a public constructor without arguments.
     *
     * @throws IllegalArgumentException in one line saying which of these failed and what to do
     */
    static Service instantiate(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--service-class " + className + ": not on the classpath ("
                    + e.getClass().getSimpleName() + "); put its jar there, e.g. PBFT_CLASSPATH=my-service.jar ./pbft ...");
        }
        if (!Service.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("--service-class " + className + ": does not implement "
                    + Service.class.getName());
        }
        try {
            return (Service) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IllegalArgumentException("--service-class " + className + ": needs a public constructor without"
                    + " arguments in a public, concrete class");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("--service-class " + className + ": its constructor threw "
                    + e.getCause());
        }
    }
}
